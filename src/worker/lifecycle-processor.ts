import type { Job } from "bullmq";
import type { Checkpoint } from "../commands/lifecycle/checkpoint.ts";
import type { LifecycleDeps } from "../commands/lifecycle/context.ts";
import { runLifecycle } from "../commands/lifecycle/run-lifecycle.ts";
import type { LifecycleJobData } from "../commands/ports/queues.ts";
import { PrioritySlots } from "../priority-line.ts";
import { processCheckpointed, type RunTracking } from "./checkpointed-run.ts";

export type { ProcessorLog } from "./checkpointed-run.ts";

/**
 * Adapts the core lifecycle to BullMQ (checkpointed-run.ts): the checkpoint lives in the job's data,
 * "try again later" delays the job without spending an attempt — throttling delays a step, never
 * fails it — and a shutdown hands the job over at its next checkpoint.
 */
export function lifecycleProcessor(
  deps: LifecycleDeps,
  tracking: RunTracking,
  startingAtOnce = DEFAULT_STARTING_AT_ONCE,
) {
  const starts = new StartingTurns(startingAtOnce);
  return (job: Job<LifecycleJobData>, token?: string, signal?: AbortSignal): Promise<string> => {
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
        run: (save, runSignal) =>
          start.step === "preflight"
            ? starts.during(runSignal, (passed) =>
                runLifecycle(requestId, start, (checkpoint) => passed(checkpoint, save), deps, runSignal),
              )
            : runLifecycle(requestId, start, save, deps, runSignal),
        ended: () => deps.journal.requests.get(requestId),
      },
      tracking,
    );
  };
}

/** kura's default for how many lifecycles of one worker process start at once (StartingTurns). */
export const DEFAULT_STARTING_AT_ONCE = 16;

/**
 * How many new lifecycles of this process go through their start (preflight, up to the resume PUT)
 * at once; the rest wait their turn, first come first served. Without it, 100 approvals at once
 * advanced in lockstep: each lifecycle's next Redis or Azure call queued behind the other 99's, on the
 * same two cores, so all reached Azure's resume together, late. In turns, the first are at Azure
 * early and the rest follow, for the same total work. A turn ends as the lifecycle is about to write
 * to Azure (its checkpoint records the resume intent, or a step past the resume), not when the write's
 * operation ends: that wait is Azure's, seconds long, and costs this process nothing.
 */
class StartingTurns {
  readonly #slots: PrioritySlots;

  constructor(atOnce: number) {
    this.#slots = new PrioritySlots(atOnce, (signal) => signal?.reason);
  }

  async during<T>(
    signal: AbortSignal,
    run: (
      passed: (checkpoint: Checkpoint, save: (c: Checkpoint) => Promise<void>) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    const release = await this.#slots.take("normal", undefined, signal);
    try {
      return await run(async (checkpoint, save) => {
        await save(checkpoint);
        if (pastStart(checkpoint)) release();
      });
    } finally {
      release();
    }
  }
}

function pastStart(checkpoint: Checkpoint): boolean {
  return checkpoint.step !== "preflight" && (checkpoint.step !== "resume" || checkpoint.intent !== undefined);
}
