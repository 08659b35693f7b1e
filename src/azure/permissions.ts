/**
 * The Azure RBAC actions behind every SDK operation kura calls: the source of manifest/azure's role.
 * A test reads src/azure for the SDK calls it makes and checks this table covers each one, and that
 * the role lists exactly the actions of the operations in use — so an unused grant, or a new call
 * without its grant, fails `npm test`.
 */

const RSV = "Microsoft.RecoveryServices/Vaults";
const ITEMS = `${RSV}/backupFabrics/protectionContainers/protectedItems`;

/** `operationGroup.method` of an SDK client → the actions ARM checks for it (and for what it polls). */
export const SDK_OPERATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // @azure/arm-recoveryservicesbackup
  "backupProtectedItems.list": [`${RSV}/backupProtectedItems/read`],
  "protectedItems.get": [`${ITEMS}/read`],
  "protectedItems.createOrUpdate": [`${ITEMS}/write`],
  "backups.trigger": [`${ITEMS}/backup/action`],
  // The vault-level operation status kura polls after both writes above (operations.ts).
  "backupOperationStatuses.get": [`${RSV}/backupOperations/read`],
  "recoveryPoints.list": [`${ITEMS}/recoveryPoints/read`],
  "protectionPolicies.get": [`${RSV}/backupPolicies/read`],
  "backupJobs.list": [`${RSV}/backupJobs/read`],
  "jobDetails.get": [`${RSV}/backupJobs/read`],
  "jobCancellations.trigger": [`${RSV}/backupJobs/cancel/action`],
  // @azure/arm-compute (disk snapshots)
  "virtualMachines.get": ["Microsoft.Compute/virtualMachines/read"],
  // A long-running operation: core-lro polls DiskRP's `locations/{l}/DiskOperations/{id}`; copying a
  // disk is also checked against the source disk (a linked access check).
  "snapshots.createOrUpdate": [
    "Microsoft.Compute/snapshots/write",
    "Microsoft.Compute/disks/read",
    "Microsoft.Compute/locations/diskOperations/read",
  ],
  "snapshots.listByResourceGroup": ["Microsoft.Compute/snapshots/read"],
  "snapshots.delete": [
    "Microsoft.Compute/snapshots/delete",
    "Microsoft.Compute/locations/diskOperations/read",
  ],
};

/** The actions for a set of SDK operations, sorted and without duplicates. */
export function actionsFor(operations: Iterable<string>): string[] {
  const actions = new Set<string>();
  for (const operation of operations) {
    for (const action of SDK_OPERATION_ACTIONS[operation] ?? []) actions.add(action);
  }
  return [...actions].sort();
}
