/**
 * ARM naming for IaaS VM items (ref §1). Names inside containers are lower-cased, like Azure's.
 */
export const FABRIC = "Azure";
export const ITEM_TYPE =
  "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems";
export const JOB_TYPE = "Microsoft.RecoveryServices/vaults/backupJobs";
export const RP_TYPE = `${ITEM_TYPE}/recoveryPoints`;
export const POLICY_TYPE = "Microsoft.RecoveryServices/vaults/backupPolicies";

export function vaultId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${name}`;
}

export function vaultKey(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
}

/** `iaasvmcontainerv2;{rg};{vm}`: the item's `properties.containerName` (ref §1). */
export function shortContainerName(vmResourceGroup: string, vmName: string): string {
  return `iaasvmcontainerv2;${vmResourceGroup};${vmName}`.toLowerCase();
}

export function containerName(vmResourceGroup: string, vmName: string): string {
  return `IaasVMContainer;${shortContainerName(vmResourceGroup, vmName)}`;
}

export function itemName(vmResourceGroup: string, vmName: string): string {
  return `VM;${shortContainerName(vmResourceGroup, vmName)}`;
}

export function itemKey(vKey: string, container: string, item: string): string {
  return `${vKey}/${container}/${item}`.toLowerCase();
}

export function vmId(subscriptionId: string, vmResourceGroup: string, vmName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${vmResourceGroup}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
}

export function itemPath(vault: string, container: string, item: string): string {
  return `${vault}/backupFabrics/${FABRIC}/protectionContainers/${container}/protectedItems/${item}`;
}
