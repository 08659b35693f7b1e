import { committer, type RunOutcome, runSteps } from "../lifecycle/step-runner.ts";
import { type Failure, TERMINAL_STATUSES } from "../ports/requests.ts";
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
): Promise<RunOutcome> {
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
    commit: committer(() => run, save),
  };
  // Throttling and transient Azure errors wait and retry from the checkpoint; anything else ends it.
  return runSteps<SnapshotCheckpoint, SnapshotRun>(run, {
    steps: STEPS,
    label: (step) => `snapshot-${step}`,
    onFailure: (failed, _step, failure) => endFailed(failed, failure),
  });
}

/** A step that failed for good ends the request failed; snapshots already taken keep their expiry. */
async function endFailed(run: SnapshotRun, failure: Failure): Promise<RunOutcome> {
  const { journal, clock } = run.deps;
  await journal.transition(
    run.request.id,
    ["running"],
    { status: "failed", finishedAt: clock.now().toISOString(), failure },
    { type: "failed", failure },
  );
  await run.commit({ step: "done", failure });
  return { kind: "finished" };
}
