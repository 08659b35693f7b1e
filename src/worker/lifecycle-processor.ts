import { DelayedError, type Job } from "bullmq";
import type { Checkpoint } from "../commands/lifecycle/checkpoint.ts";
import type { LifecycleDeps } from "../commands/lifecycle/context.ts";
import { runLifecycle } from "../commands/lifecycle/run-lifecycle.ts";

/** A lifecycle job: the request id (also the job id), and the lifecycle's checkpoint once it started. */
export interface LifecycleJobData {
  requestId: string;
  checkpoint?: Checkpoint;
}

export interface ProcessorLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Adapts the core lifecycle to BullMQ: the checkpoint lives in the job's data (written with
 * `updateData` after every step, so a stalled job resumes where it was), and "try again later"
 * moves the job to delayed without spending an attempt — throttling delays a step, never fails it.
 */
export function lifecycleProcessor(deps: LifecycleDeps, log: ProcessorLog) {
  return async (job: Job<LifecycleJobData>, token?: string, signal?: AbortSignal): Promise<string> => {
    const { requestId } = job.data;
    const save = async (checkpoint: Checkpoint) => {
      await job.updateData({ requestId, checkpoint });
    };
    const outcome = await runLifecycle(
      requestId,
      job.data.checkpoint ?? { step: "preflight" },
      save,
      deps,
      signal,
    );
    if (outcome.kind === "wait") {
      log.info({ requestId, delayMs: outcome.delayMs, reason: outcome.reason }, "lifecycle waits");
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    return "finished";
  };
}
