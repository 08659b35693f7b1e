/**
 * Backup jobs: trigger (on demand) and scheduled runs, the two tasks, the new recovery point, and the
 * restore point collection limit.
 */
import { ArmError } from "./arm-error.ts";
import { jobError } from "./job-errors.ts";
import type { Item, Job, JobTask, Operation } from "./model.ts";
import type { Simulation } from "./simulation.ts";
import { DAY_MS, utcDay } from "./time.ts";

/** Instant points currently in the VM's restore point collection (ref §7). */
export function instantPointCount(item: Item): number {
  let n = 0;
  for (const rp of item.recoveryPoints) if (rp.instant === "Valid") n++;
  return n;
}

/**
 * "Backup now" (ref §2e). Synchronous refusals are ARM errors; everything Azure reports through the job
 * (ref §4: `UserErrorBackupOperationInProgress`, the RP limit) is a failed job instead.
 */
export function triggerBackup(sim: Simulation, item: Item, expiry: number | undefined): Operation {
  const now = sim.now();
  if (item.protectionState !== "Protected") {
    // Inference (ref §8.2): Azure's answer is not documented; refuse clearly rather than start a job.
    throw new ArmError(
      400,
      "BMSUserErrorProtectionStopped",
      `Backup cannot be triggered for '${item.vmName}' because its protection state is ${item.protectionState}. Resume protection with a policy first.`,
    );
  }
  if (item.pendingOperationId !== undefined) {
    // Inference (ref §4, §8.1): a protection change is still running on the item.
    throw new ArmError(
      409,
      "BMSUserErrorObjectLocked",
      "Another operation is in progress on the selected item.",
    );
  }
  if (expiry !== undefined && expiry <= now) {
    throw new ArmError(
      400,
      "BMSUserErrorInvalidInput",
      "recoveryPointExpiryTimeInUTC must be a time in the future (UTC).",
    );
  }
  const day = utcDay(now);
  if (item.onDemand.day !== day) item.onDemand = { day, count: 0 };
  if (item.onDemand.count >= sim.behaviour.onDemandBackupsPerDay) {
    // Inference: Azure's BMS answers its 24-hour operation limits with CloudDosAbsoluteLimitReached
    // (Azure/azure-content issue #5067); the VM support matrix allows nine on-demand backups a day.
    throw new ArmError(
      400,
      "CloudDosAbsoluteLimitReached",
      `Operation is blocked as you have reached the limit on number of operations permitted in 24 hours (${sim.behaviour.onDemandBackupsPerDay} on-demand backups per VM per UTC day).`,
    );
  }
  item.onDemand.count += 1;
  const job = startBackupJob(sim, item, {
    userTriggered: true,
    expiry: expiry ?? now + sim.behaviour.defaultOnDemandRetentionDays * DAY_MS,
  });
  const operation: Operation = {
    id: sim.ids.guid(),
    vaultKey: item.vaultKey,
    itemKey: item.key,
    kind: "backup",
    status: "InProgress",
    start: now,
    end: undefined,
    jobId: job.id,
  };
  sim.store.operations.set(operation.id, operation);
  sim.schedule(now + sim.behaviour.triggerOperationMs, { kind: "triggerDone", operationId: operation.id });
  return operation;
}

/** Starts a backup job; a second one while a backup of the item runs fails at once (ref §4). */
export function startBackupJob(
  sim: Simulation,
  item: Item,
  opts: { userTriggered: boolean; expiry: number },
): Job {
  const now = sim.now();
  const b = sim.behaviour;
  const policy = item.policyName ? sim.store.policy(item.vaultKey, item.policyName) : undefined;
  const tasks: JobTask[] = [
    { name: "Take Snapshot", status: "InProgress", start: now, end: undefined, plannedMs: b.snapshotMs },
    {
      name: "Transfer data to vault",
      status: "NotStarted",
      start: undefined,
      end: undefined,
      plannedMs: b.transferMs,
    },
  ];
  const job: Job = {
    id: sim.ids.guid(),
    vaultKey: item.vaultKey,
    itemKey: item.key,
    vmName: item.vmName,
    containerName: item.containerName,
    operation: "Backup",
    status: "InProgress",
    start: now,
    end: undefined,
    isUserTriggered: opts.userTriggered,
    activityId: sim.ids.guid(),
    tasks,
    error: undefined,
    expiry: opts.expiry,
    instantExpiry: now + (policy?.instantRpRetentionDays ?? 2) * DAY_MS,
    failWith: undefined,
    policyName: item.policyName,
  };
  sim.store.addJob(job);
  const armed = sim.armedFailures.get(item.vmName.toLowerCase());
  if (armed !== undefined) {
    sim.armedFailures.delete(item.vmName.toLowerCase());
    job.failWith = armed;
  }
  if (item.activeBackupJobId !== undefined) {
    failJob(sim, job, 0, "UserErrorBackupOperationInProgress");
    return job;
  }
  item.activeBackupJobId = job.id;
  sim.schedule(now + b.snapshotMs, { kind: "snapshotDone", jobId: job.id });
  return job;
}

export function onTriggerDone(sim: Simulation, operationId: string): void {
  const op = sim.store.operations.get(operationId);
  if (op?.status !== "InProgress") return;
  op.status = "Succeeded";
  op.end = sim.now();
}

/** End of "Take Snapshot": the RP limit check, then the instant point appears (ref §2i, §7). */
export function onSnapshotDone(sim: Simulation, jobId: string): void {
  const job = sim.store.jobs.get(jobId);
  const item = job ? sim.store.items.get(job.itemKey) : undefined;
  if (!job || !item || job.status !== "InProgress") return;
  const now = sim.now();
  const [snapshot, transfer] = job.tasks as [JobTask, JobTask];
  if (job.failWith !== undefined) {
    failJob(sim, job, 0, job.failWith);
    return;
  }
  if (instantPointCount(item) >= sim.behaviour.rpCollectionLimit) {
    failJob(sim, job, 0, "UserErrorRpCollectionLimitReached");
    return;
  }
  snapshot.status = "Completed";
  snapshot.end = now;
  transfer.status = "InProgress";
  transfer.start = now;
  item.recoveryPoints.push({
    id: sim.store.nextRecoveryPointId(),
    time: job.start,
    expiry: job.expiry,
    instantExpiry: job.instantExpiry,
    instant: "Valid",
    hardened: false,
  });
  sim.schedule(now + transfer.plannedMs, { kind: "transferDone", jobId });
}

/** End of "Transfer data to vault": the point gains its vault tier, the job completes. */
export function onTransferDone(sim: Simulation, jobId: string): void {
  const job = sim.store.jobs.get(jobId);
  const item = job ? sim.store.items.get(job.itemKey) : undefined;
  if (!job || !item || job.status !== "InProgress") return;
  const now = sim.now();
  const transfer = job.tasks[1] as JobTask;
  transfer.status = "Completed";
  transfer.end = now;
  const rp = item.recoveryPoints.find((p) => p.time === job.start && !p.hardened);
  if (rp) rp.hardened = true;
  job.status = "Completed";
  job.end = now;
  finishOnItem(item, job);
}

/** Fails the job at task `taskIndex` with a catalogued error. */
export function failJob(sim: Simulation, job: Job, taskIndex: number, mnemonic: string): void {
  const now = sim.now();
  const task = job.tasks[taskIndex];
  if (task) {
    task.status = "Failed";
    task.start ??= now;
    task.end = now;
  }
  job.status = "Failed";
  job.end = now;
  job.error = jobError(mnemonic);
  const item = sim.store.items.get(job.itemKey);
  if (item && item.activeBackupJobId === job.id) finishOnItem(item, job);
  else if (item) item.lastBackupStatus = "Failed";
}

/** Clears the item's running job and records the outcome (`lastBackupStatus`, `lastBackupTime`). */
export function finishOnItem(item: Item, job: Job): void {
  if (item.activeBackupJobId === job.id) item.activeBackupJobId = undefined;
  item.lastBackupStatus = job.status;
  if (job.status === "Completed") item.lastBackupTime = job.start;
}
