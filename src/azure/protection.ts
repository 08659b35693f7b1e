/**
 * The writes: resume protection, stop protection retaining data, backup now. Each is a plain SDK call
 * answered with 202 (ref §2c–2e); we track its operation id to the end ourselves.
 */
import type {
  AzureIaaSComputeVMProtectedItem,
  ProtectedItemResource,
} from "@azure/arm-recoveryservicesbackup";
import { KuraError } from "../commands/errors.ts";
import type {
  ProtectedVm,
  TriggeredBackup,
  TriggerOptions,
  VaultRef,
} from "../commands/ports/backup-gateway.ts";
import { checkVmRef } from "../commands/vm-name.ts";
import { checkOpaqueId, parsePolicyId, sameVault } from "./arm-ids.ts";
import { azureError } from "./azure-errors.ts";
import { type GatewayContext, guarded, itemPathOf, knownVault } from "./context.ts";
import { toOperationSnapshot } from "./mappers.ts";
import {
  type Accepted,
  acceptedRecorder,
  type OperationSnapshot,
  settle,
  waitForOperation,
} from "./operations.ts";
import { retryAfterMs } from "./retry-after.ts";

/** The discriminator Azure requires on writes; the base type gets a 400 (ref §1). */
const VM_ITEM_TYPE = "Microsoft.Compute/virtualMachines";

/** PUT the item with a policy (ref §2c: resume = PUT with `policyId`), then wait for the operation. */
export async function resume(ctx: GatewayContext, vm: ProtectedVm, policyId: string, signal?: AbortSignal) {
  const policy = parsePolicyId(policyId);
  if (!policy || !sameVault(policy.vault, vm.vault)) {
    throw new KuraError(
      "AZURE_INVALID_INPUT",
      `The policy to resume ${vm.vmName} with is not in its vault.`,
      {
        remedy: `Use the ARM id of a backup policy in vault ${vm.vault.name}.`,
      },
    );
  }
  await putItem(ctx, vm, { policyId }, "resume protection", signal);
}

/** PUT the item with `protectionState: "ProtectionStopped"` and no policy (ref §2d: retains data). */
export async function stopRetain(ctx: GatewayContext, vm: ProtectedVm, signal?: AbortSignal) {
  await putItem(ctx, vm, { protectionState: "ProtectionStopped" }, "stop protection", signal);
}

async function putItem(
  ctx: GatewayContext,
  vm: ProtectedVm,
  change: Partial<AzureIaaSComputeVMProtectedItem>,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  const { vault, path } = itemPathOf(ctx, vm);
  const vmId = checkVmRef(vm.vmId);
  if (!vmId.ok || vmId.ref.kind !== "id") {
    throw new KuraError("AZURE_INVALID_INPUT", `The VM id of ${vm.vmName} is not an Azure VM id.`);
  }
  const body: ProtectedItemResource = {
    properties: { protectedItemType: VM_ITEM_TYPE, sourceResourceId: vm.vmId, ...change },
  };
  const rec = acceptedRecorder();
  await guarded(signal, () =>
    ctx
      .client(vault.subscriptionId)
      .protectedItems.createOrUpdate(
        vault.name,
        vault.resourceGroup,
        path.fabricName,
        path.containerName,
        path.itemName,
        body,
        { abortSignal: signal, onResponse: rec.onResponse },
      ),
  );
  // 200 means Azure applied the change synchronously (ref §2c); 202 means track the operation.
  if (rec.get().status === 200) return;
  await track(ctx, vault, requireOperation(rec.get(), what), what, signal);
}

/** POST backup with an expiry; report the operation id, then follow it to the job id (ref §2e). */
export async function trigger(
  ctx: GatewayContext,
  vm: ProtectedVm,
  expiry: Date,
  options: TriggerOptions = {},
): Promise<TriggeredBackup> {
  const { signal } = options;
  if (!(expiry instanceof Date) || Number.isNaN(expiry.getTime())) {
    throw new KuraError("AZURE_INVALID_INPUT", "The recovery point expiry is not a valid date.");
  }
  const { vault, path } = itemPathOf(ctx, vm);
  const rec = acceptedRecorder();
  await guarded(signal, () =>
    ctx
      .client(vault.subscriptionId)
      .backups.trigger(
        vault.name,
        vault.resourceGroup,
        path.fabricName,
        path.containerName,
        path.itemName,
        { properties: { objectType: "IaasVMBackupRequest", recoveryPointExpiryTimeInUTC: expiry } },
        { abortSignal: signal, onResponse: rec.onResponse },
      ),
  );
  const accepted = requireOperation(rec.get(), "backup");
  const { operationId } = accepted;
  // Checkpoint first: if we crash while polling, the caller can resume with jobIdForOperation.
  await options.onAccepted?.(operationId);
  const done = await track(ctx, vault, accepted, "backup", signal);
  if (!done.jobId)
    throw azureError("AZURE_UNAVAILABLE", "Azure accepted the backup but named no job for it.");
  return { operationId, jobId: done.jobId };
}

/** One look at a trigger's operation: its job id, undefined while in progress (ref §2e, §8.5). */
export async function jobIdFor(
  ctx: GatewayContext,
  vaultRef: VaultRef,
  operationId: string,
  signal?: AbortSignal,
) {
  const vault = knownVault(ctx, vaultRef);
  const snap = await readOperation(ctx, vault, checkOpaqueId(operationId, "operation id"), signal);
  if (snap.status === "InProgress" || snap.status === undefined) return undefined;
  const done = settle(snap, "backup");
  if (!done.jobId)
    throw azureError("AZURE_UNAVAILABLE", "Azure finished the backup request but named no job for it.");
  return done.jobId;
}

function requireOperation(accepted: Accepted, what: string): Accepted & { operationId: string } {
  const { operationId } = accepted;
  if (operationId) return { ...accepted, operationId };
  throw azureError("AZURE_UNAVAILABLE", `Azure accepted the ${what} request without an operation to track.`);
}

function track(ctx: GatewayContext, vault: VaultRef, accepted: Accepted, what: string, signal?: AbortSignal) {
  const operationId = checkOpaqueId(accepted.operationId ?? "", "operation id");
  return waitForOperation(
    () => readOperation(ctx, vault, operationId, signal),
    accepted.retryAfterMs,
    what,
    ctx.polling,
    signal,
    ctx.operationPace,
  );
}

/** Vault-level operation status, as Azure CLI polls it (ref §2e, f4). */
function readOperation(
  ctx: GatewayContext,
  vault: VaultRef,
  operationId: string,
  signal?: AbortSignal,
): Promise<OperationSnapshot> {
  let wait: number | undefined;
  return guarded(signal, async () => {
    const op = await ctx
      .client(vault.subscriptionId)
      .backupOperationStatuses.get(vault.name, vault.resourceGroup, operationId, {
        abortSignal: signal,
        onResponse: (r) => {
          wait = retryAfterMs(r.headers);
        },
      });
    return toOperationSnapshot(op, wait);
  });
}
