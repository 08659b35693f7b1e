import type { Job } from "bullmq";
import type { Checkpoint } from "../commands/lifecycle/checkpoint.ts";
import type { LifecycleDeps } from "../commands/lifecycle/context.ts";
import { runLifecycle } from "../commands/lifecycle/run-lifecycle.ts";
import type { LifecycleJobData } from "../commands/ports/queues.ts";
import type { BackupRequest } from "../commands/ports/requests.ts";
import { processCheckpointed, type RunTracking } from "./checkpointed-run.ts";

export type { ProcessorLog } from "./checkpointed-run.ts";

/**
 * Adapts the core lifecycle to BullMQ (checkpointed-run.ts): the checkpoint lives in the job's data,
 * "try again later" delays the job without spending an attempt — throttling delays a step, never
 * fails it — and a shutdown hands the job over at its next checkpoint.
 */
export function lifecycleProcessor(deps: LifecycleDeps, tracking: RunTracking) {
  return (
    job: Job<LifecycleJobData>,
    token?: string,
    signal?: AbortSignal,
    /** The request as the worker just read it, if it did: the run starts from it. */
    request?: BackupRequest,
  ): Promise<string> => {
    const { requestId } = job.data;
    const start: Checkpoint = job.data.checkpoint ?? { step: "preflight" };
    return processCheckpointed(
      job,
      token,
      signal,
      {
        kind: "backup",
        requestId,
        start,
        position: (checkpoint) => checkpoint.step,
        azureJobId: (checkpoint) => checkpoint.azureJobId,
        persist: (checkpoint) => job.updateData({ requestId, checkpoint }),
        ...(request ? { vmName: request.vmName } : {}),
        run: (save, runSignal) => runLifecycle(requestId, start, save, deps, runSignal, request),
        ended: () => deps.journal.requests.get(requestId),
      },
      tracking,
    );
  };
}
