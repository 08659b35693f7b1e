/** `ProtectedItemResource` for an IaaS VM (ref §2a; shape of EX:Compute_ProtectedItem_Get). */
import type { Item, Vault } from "../core/model.ts";
import { ITEM_TYPE, itemPath, shortContainerName, vmId } from "../core/names.ts";
import { iso } from "../core/time.ts";

export function itemView(vault: Vault, item: Item, withExtendedInfo: boolean): object {
  const sourceResourceId = vmId(vault.subscriptionId, item.vmResourceGroup, item.vmName);
  const newest = item.recoveryPoints.at(-1);
  const properties: Record<string, unknown> = {
    friendlyName: item.vmName,
    virtualMachineId: sourceResourceId,
    protectionStatus: "Healthy",
    protectionState: item.protectionState,
    healthStatus: "Passed",
    ...(item.lastBackupStatus ? { lastBackupStatus: item.lastBackupStatus } : {}),
    ...(item.lastBackupTime !== undefined ? { lastBackupTime: iso(item.lastBackupTime) } : {}),
    protectedItemDataId: item.dataId,
    // ref §1: the concrete discriminator the SDK maps to AzureIaaSComputeVMProtectedItem.
    protectedItemType: "Microsoft.Compute/virtualMachines",
    backupManagementType: "AzureIaasVM",
    workloadType: "VM",
    containerName: shortContainerName(item.vmResourceGroup, item.vmName),
    sourceResourceId,
    ...(item.policyName
      ? { policyId: `${vault.id}/backupPolicies/${item.policyName}`, policyName: item.policyName }
      : {}),
    ...(newest ? { lastRecoveryPoint: iso(newest.time) } : {}),
    vaultId: vault.id,
  };
  if (withExtendedInfo) {
    // ref §2b: returned with `$filter=expand eq 'extendedinfo'`.
    const oldest = item.recoveryPoints[0];
    properties.extendedInfo = {
      ...(oldest ? { oldestRecoveryPoint: iso(oldest.time) } : {}),
      ...(oldest ? { oldestRecoveryPointInVault: iso(oldest.time) } : {}),
      recoveryPointCount: item.recoveryPoints.length,
      policyInconsistent: false,
    };
  }
  return {
    id: itemPath(vault.id, item.containerName, item.itemName),
    name: item.itemName,
    type: ITEM_TYPE,
    properties,
  };
}
