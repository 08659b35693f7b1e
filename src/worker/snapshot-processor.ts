import { DelayedError, type Job } from "bullmq";
import type { SnapshotCheckpoint, SnapshotDeps } from "../commands/snapshot/context.ts";
import { runSnapshot } from "../commands/snapshot/run-snapshot.ts";
import type { LifecycleJobData, ProcessorLog } from "./lifecycle-processor.ts";

/** A lifecycle-queue job that runs a disk snapshot request: its checkpoint lives beside the request id. */
export type SnapshotJobData = LifecycleJobData & { snapshotCheckpoint?: SnapshotCheckpoint };

/**
 * Adapts the core snapshot run to BullMQ exactly as `lifecycleProcessor` does for backups: the checkpoint
 * is saved in the job's data after every disk, and "try again later" delays the job without spending
 * an attempt.
 */
export function snapshotProcessor(deps: SnapshotDeps, log: ProcessorLog) {
  return async (job: Job<SnapshotJobData>, token?: string, signal?: AbortSignal): Promise<string> => {
    const { requestId } = job.data;
    const save = async (snapshotCheckpoint: SnapshotCheckpoint) => {
      await job.updateData({ requestId, snapshotCheckpoint });
    };
    const outcome = await runSnapshot(
      requestId,
      job.data.snapshotCheckpoint ?? { step: "check" },
      save,
      deps,
      signal,
    );
    if (outcome.kind === "wait") {
      log.info({ requestId, delayMs: outcome.delayMs, reason: outcome.reason }, "snapshot request waits");
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    return "finished";
  };
}
