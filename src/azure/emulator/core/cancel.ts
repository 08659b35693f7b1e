/**
 * Job cancellation (ref §2 h2/h3). Azure supports cancelling a VM backup only during the snapshot phase,
 * not while data is transferred to the vault (MicrosoftDocs/azure-docs backup-support-matrix-iaas.md,
 * "Cancel a backup job"). The job shows `Cancelling`, then `Cancelled` after `cancelMs`.
 */
import { ArmError } from "./arm-error.ts";
import { finishOnItem } from "./backup.ts";
import type { Job, Operation } from "./model.ts";
import type { Simulation } from "./simulation.ts";

export function isCancellable(job: Job): boolean {
  return job.operation === "Backup" && job.status === "InProgress" && job.tasks[0]?.status === "InProgress";
}

export function cancelJob(sim: Simulation, job: Job): Operation {
  if (!isCancellable(job)) {
    // Inference: code not documented; 400 because the request is invalid for the job's current state.
    throw new ArmError(
      400,
      "BMSUserErrorJobNotCancellable",
      `Job '${job.id}' cannot be cancelled in its current state (${job.status}); a VM backup can be cancelled only during "Take Snapshot".`,
    );
  }
  const now = sim.now();
  job.status = "Cancelling";
  const operation: Operation = {
    id: sim.ids.guid(),
    vaultKey: job.vaultKey,
    itemKey: undefined,
    kind: "cancel",
    status: "InProgress",
    start: now,
    end: undefined,
    jobId: job.id,
  };
  sim.store.operations.set(operation.id, operation);
  sim.schedule(now + sim.behaviour.cancelMs, {
    kind: "cancelDone",
    jobId: job.id,
    operationId: operation.id,
  });
  return operation;
}

export function onCancelDone(sim: Simulation, jobId: string, operationId: string): void {
  const job = sim.store.jobs.get(jobId);
  const op = sim.store.operations.get(operationId);
  if (!job || !op || job.status !== "Cancelling") return;
  const now = sim.now();
  for (const task of job.tasks) {
    if (task.status === "InProgress" || task.status === "NotStarted") {
      task.status = "Cancelled";
      task.end = now;
    }
  }
  job.status = "Cancelled";
  job.end = now;
  op.status = "Succeeded";
  op.end = now;
  const item = sim.store.items.get(job.itemKey);
  if (item) finishOnItem(item, job);
}
