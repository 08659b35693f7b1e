/**
 * Protection changes through PUT on the item (ref §2c, §2d): resume/configure with a policy, and
 * "stop protection, retain data". Each accepted PUT is an operation plus a job; the state changes when the
 * operation completes, as in Azure where the PUT answers 202 first.
 */
import { ArmError } from "./arm-error.ts";
import { startGc } from "./gc.ts";
import type { Item, Job, Operation, Policy } from "./model.ts";
import type { Simulation } from "./simulation.ts";

/** What the PUT body asks for, after validation by the HTTP layer. */
export type ProtectionRequest = { kind: "protect"; policy: Policy } | { kind: "stop" };

/** Validates and starts a protection change; returns the operation the 202 points to. */
export function requestProtectionChange(sim: Simulation, item: Item, request: ProtectionRequest): Operation {
  if (item.pendingOperationId !== undefined) {
    // Inference (ref §4, §8.1): code from the BMS catalogue; 409 is ARM's status for a conflicting operation.
    throw new ArmError(
      409,
      "BMSUserErrorConflictingProtectionOperation",
      "Another configure protection operation is in progress for this item.",
    );
  }
  if (request.kind === "stop" && item.activeBackupJobId !== undefined) {
    // Inference (ref §8.1): Azure does not document this; the emulator refuses like a locked object.
    throw new ArmError(
      409,
      "BMSUserErrorObjectLocked",
      "Another operation is in progress on the selected item. Wait for the running backup job to finish and retry.",
    );
  }
  const now = sim.now();
  const job: Job = {
    id: sim.ids.guid(),
    vaultKey: item.vaultKey,
    itemKey: item.key,
    vmName: item.vmName,
    containerName: item.containerName,
    // ref §2c/§2d: ConfigureBackup for resume (inference), DisableBackup for stop (inference from the enum).
    operation: request.kind === "stop" ? "DisableBackup" : "ConfigureBackup",
    status: "InProgress",
    start: now,
    end: undefined,
    isUserTriggered: true,
    activityId: sim.ids.guid(),
    tasks: [],
    error: undefined,
    expiry: 0,
    instantExpiry: 0,
    failWith: undefined,
    policyName: request.kind === "protect" ? request.policy.name : item.policyName,
  };
  sim.store.addJob(job);
  const operation: Operation = {
    id: sim.ids.guid(),
    vaultKey: item.vaultKey,
    itemKey: item.key,
    kind: "protection",
    status: "InProgress",
    start: now,
    end: undefined,
    jobId: job.id,
  };
  sim.store.operations.set(operation.id, operation);
  item.pendingOperationId = operation.id;
  sim.schedule(now + sim.behaviour.protectionOperationMs, {
    kind: "protectionDone",
    operationId: operation.id,
  });
  return operation;
}

/** Applies the change when the operation completes. */
export function onProtectionDone(sim: Simulation, operationId: string): void {
  const op = sim.store.operations.get(operationId);
  const job = op?.jobId ? sim.store.jobs.get(op.jobId) : undefined;
  const item = op?.itemKey ? sim.store.items.get(op.itemKey) : undefined;
  if (!op || !job || !item || op.status !== "InProgress") return;
  const now = sim.now();
  const wasProtected = item.protectionState === "Protected";
  if (job.operation === "DisableBackup") {
    item.protectionState = "ProtectionStopped";
    // The policy id stays on a stopped item (EX:StopProtection 200 body). GC stops: ref §7.
    item.epoch += 1;
  } else {
    item.protectionState = "Protected";
    item.policyName = job.policyName;
    if (!wasProtected) {
      item.epoch += 1;
      startGc(sim, item);
    }
  }
  job.status = "Completed";
  job.end = now;
  op.status = "Succeeded";
  op.end = now;
  item.pendingOperationId = undefined;
}
