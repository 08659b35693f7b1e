import type { Job } from "bullmq";
import type { LifecycleJobData } from "../commands/ports/queues.ts";
import type { SnapshotCheckpoint, SnapshotDeps } from "../commands/snapshot/context.ts";
import { runSnapshot } from "../commands/snapshot/run-snapshot.ts";
import { processCheckpointed, type RunTracking } from "./checkpointed-run.ts";

/**
 * Adapts the core snapshot run to BullMQ exactly as `lifecycleProcessor` does for backups; every disk
 * taken is a checkpoint of its own, where a shutdown may hand the request over.
 */
export function snapshotProcessor(deps: SnapshotDeps, tracking: RunTracking) {
  return (job: Job<LifecycleJobData>, token?: string, signal?: AbortSignal): Promise<string> => {
    const { requestId } = job.data;
    const start: SnapshotCheckpoint = job.data.snapshotCheckpoint ?? { step: "check" };
    return processCheckpointed(
      job,
      token,
      signal,
      {
        kind: "snapshot",
        requestId,
        start,
        position: (checkpoint) => `${checkpoint.step}:${checkpoint.taken?.length ?? 0}`,
        persist: (snapshotCheckpoint) => job.updateData({ requestId, snapshotCheckpoint }),
        run: (save, runSignal) => runSnapshot(requestId, start, save, deps, runSignal),
        ended: () => deps.journal.requests.get(requestId),
      },
      tracking,
    );
  };
}
