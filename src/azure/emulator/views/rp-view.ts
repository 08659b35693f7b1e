/** `RecoveryPointResource` (`IaasVMRecoveryPoint`, ref §2i; shape of EX:RecoveryPoints_Get). */
import type { Item, RecoveryPoint, Vault } from "../core/model.ts";
import { itemPath, RP_TYPE } from "../core/names.ts";
import { iso } from "../core/time.ts";

export function rpView(vault: Vault, item: Item, rp: RecoveryPoint): object {
  const tiers: { type: string; status: string }[] = [];
  if (rp.instant !== "None") tiers.push({ type: "InstantRP", status: rp.instant });
  if (rp.hardened) tiers.push({ type: "HardenedRP", status: "Valid" });
  return {
    id: `${itemPath(vault.id, item.containerName, item.itemName)}/recoveryPoints/${rp.id}`,
    name: rp.id,
    type: RP_TYPE,
    properties: {
      objectType: "IaasVMRecoveryPoint",
      recoveryPointType: "CrashConsistent",
      recoveryPointTime: iso(rp.time),
      recoveryPointAdditionalInfo: "",
      sourceVMStorageType: "NormalStorage",
      isSourceVMEncrypted: false,
      isInstantIlrSessionActive: false,
      recoveryPointTierDetails: tiers,
      // Archive tier is not modelled: never ready to move (shape from EX:RecoveryPoints_Get).
      recoveryPointMoveReadinessInfo: { ArchivedRP: { isReadyForMove: false } },
      isManagedVirtualMachine: true,
      virtualMachineSize: "Standard_D2s_v3",
      originalStorageAccountOption: false,
      osType: "Linux",
      zones: [],
      isPrivateAccessEnabledOnAnyDisk: false,
      // ref §2i: expiry is a plain string in the spec; the emulator sends ISO with Z.
      recoveryPointProperties: { expiryTime: iso(rp.expiry), isSoftDeleted: false },
    },
  };
}
