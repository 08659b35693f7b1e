/**
 * The checkpointed step loop every kind of run shares (backup lifecycles, disk snapshot requests):
 * run the step the checkpoint names, announce it, judge what its error means (src/commands/lifecycle/
 * step-errors.ts), and save the checkpoint through `commit` so a crash anywhere resumes at the last
 * saved step. Each kind brings its own steps and what a failed step means for it.
 */
import type { BackupRequest, Failure } from "../ports/requests.ts";
import type { RequestJournal } from "../requests/journal.ts";
import { judgeStepError } from "./step-errors.ts";

export type RunOutcome =
  | { kind: "finished" }
  /** Try again later from the same checkpoint (VM busy, throttled, a transient Azure error). */
  | { kind: "wait"; delayMs: number; reason: string };

/** What every checkpoint has: the next step (`done` at the end) and the transient errors in a row. */
export interface StepCheckpoint {
  step: string;
  transientErrors?: number;
}

/** What every run has: its request, journal, checkpoint and the way to save it. */
export interface StepRun<C extends StepCheckpoint> {
  deps: { journal: RequestJournal; settings: { maxTransientErrors: number } };
  request: BackupRequest;
  checkpoint: C;
  /** Merges into the checkpoint and persists it before returning. */
  commit(next: Partial<C>): Promise<void>;
}

/** `commit` for a run: merges `next` into the run's checkpoint, then saves it. */
export function committer<C extends StepCheckpoint>(
  run: () => { checkpoint: C },
  save: (checkpoint: C) => Promise<void>,
): (next: Partial<C>) => Promise<void> {
  return async (next) => {
    const target = run();
    target.checkpoint = { ...target.checkpoint, ...next };
    await save(target.checkpoint);
  };
}

export interface StepLoop<C extends StepCheckpoint, R extends StepRun<C>> {
  steps: Record<Exclude<C["step"], "done">, (run: R) => Promise<void>>;
  /** The step's name in its `step-started` event. @defaultValue the step itself */
  label?: (step: C["step"]) => string;
  /** A step failed for good; the outcome ends the loop, undefined carries on from the new checkpoint. */
  onFailure(run: R, step: C["step"], failure: Failure): Promise<RunOutcome | undefined>;
}

/** Runs steps from the run's checkpoint until `done`, a wait, or a failure that ends the run. */
export async function runSteps<C extends StepCheckpoint, R extends StepRun<C>>(
  run: R,
  loop: StepLoop<C, R>,
): Promise<RunOutcome> {
  const { journal, settings } = run.deps;
  while (run.checkpoint.step !== "done") {
    const step = run.checkpoint.step as Exclude<C["step"], "done">;
    try {
      const announced = journal.emit(
        run.request,
        { type: "step-started", step: loop.label?.(step) ?? step },
        step,
      );
      await whileAnnounced(run, step, announced, () => loop.steps[step](run));
    } catch (error) {
      const verdict = judgeStepError(error, run.checkpoint.transientErrors ?? 0, settings.maxTransientErrors);
      if (verdict.kind === "wait") {
        if (verdict.transientErrors)
          await run.commit({ transientErrors: verdict.transientErrors } as Partial<C>);
        return verdict;
      }
      const outcome = await loop.onFailure(run, step, verdict.failure);
      if (outcome) return outcome;
    }
  }
  return { kind: "finished" };
}

/**
 * Runs a step while its `step-started` event is on its way rather than after it: the event's round
 * trip to Redis overlaps the step's first Redis write or Azure call, which is one round trip less on
 * every step of the way to the backup (each costs tens of milliseconds with 100 lifecycles at once).
 * The step's checkpoints wait for the event too, and a checkpoint that moves on to another step waits
 * before it is written: no checkpoint gets ahead of the announcement, so after a crash the step runs
 * again and is announced again. An event that cannot be written fails the step at its first checkpoint,
 * which every step saves before it changes anything in Azure.
 */
async function whileAnnounced<C extends StepCheckpoint>(
  run: StepRun<C>,
  step: C["step"],
  announced: Promise<void>,
  body: () => Promise<void>,
): Promise<void> {
  announced.catch(() => {}); // awaited by every checkpoint and below; never left unhandled
  const commit = run.commit;
  run.commit = async (next) => {
    if (next.step !== undefined && next.step !== step) await announced;
    await Promise.all([announced, commit(next)]);
  };
  try {
    await body();
    await announced;
  } finally {
    run.commit = commit;
  }
}
