import type { LifecycleOutcome } from "../lifecycle/run-lifecycle.ts";
import { judgeStepError } from "../lifecycle/step-errors.ts";
import { TERMINAL_STATUSES } from "../ports/requests.ts";
import type { SnapshotCheckpoint, SnapshotDeps, SnapshotRun } from "./context.ts";
import { check, report, snapshotDisks } from "./steps.ts";

const STEPS: Record<Exclude<SnapshotCheckpoint["step"], "done">, (run: SnapshotRun) => Promise<void>> = {
  check,
  snapshot: snapshotDisks,
  report,
};

/**
 * Runs (or resumes) an approved disk snapshot request from `checkpoint`: check the VM is deallocated →
 * snapshot every managed disk (one at a time, checkpointed after each) → report. Snapshot names are
 * deterministic per request and disk, so re-running a step after a crash re-issues the same PUT and
 * never makes a duplicate. Nothing here changes protection, so the VM's backup lease is not taken.
 */
export async function runSnapshot(
  requestId: string,
  checkpoint: SnapshotCheckpoint,
  save: (checkpoint: SnapshotCheckpoint) => Promise<void>,
  deps: SnapshotDeps,
  signal?: AbortSignal,
): Promise<LifecycleOutcome> {
  const { journal, clock } = deps;
  let request = await journal.requests.get(requestId);
  if (!request || TERMINAL_STATUSES.includes(request.status)) return { kind: "finished" };
  if (request.status === "approved") {
    if (request.cancelRequested) {
      await journal.transition(requestId, ["approved"], { status: "cancelled" }, { type: "cancelled" });
      return { kind: "finished" };
    }
    const started = await journal.transition(requestId, ["approved"], {
      status: "running",
      startedAt: clock.now().toISOString(),
    });
    if (!started) return { kind: "finished" };
    request = started;
  }
  const run: SnapshotRun = {
    deps,
    request,
    checkpoint: { ...checkpoint },
    signal,
    async commit(next) {
      run.checkpoint = { ...run.checkpoint, ...next };
      await save(run.checkpoint);
    },
  };
  while (run.checkpoint.step !== "done") {
    const step = run.checkpoint.step;
    try {
      await journal.emit(run.request, { type: "step-started", step: `snapshot-${step}` }, step);
      await STEPS[step](run);
    } catch (error) {
      const outcome = await handleStepError(run, error);
      if (outcome) return outcome;
    }
  }
  return { kind: "finished" };
}

/** Throttling and transient Azure errors wait and retry from the checkpoint; anything else ends the request. */
async function handleStepError(run: SnapshotRun, error: unknown): Promise<LifecycleOutcome | undefined> {
  const { settings, journal, clock } = run.deps;
  const verdict = judgeStepError(error, run.checkpoint.transientErrors ?? 0, settings.maxTransientErrors);
  if (verdict.kind === "wait") {
    if (verdict.transientErrors) await run.commit({ transientErrors: verdict.transientErrors });
    return verdict;
  }
  const { failure } = verdict;
  await journal.transition(
    run.request.id,
    ["running"],
    { status: "failed", finishedAt: clock.now().toISOString(), failure },
    { type: "failed", failure },
  );
  await run.commit({ step: "done", failure });
  return { kind: "finished" };
}
