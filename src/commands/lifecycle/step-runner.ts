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
      await journal.emit(run.request, { type: "step-started", step: loop.label?.(step) ?? step }, step);
      await loop.steps[step](run);
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
