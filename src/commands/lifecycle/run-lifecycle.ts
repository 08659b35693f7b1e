import { type BackupRequest, type Failure, TERMINAL_STATUSES } from "../ports/requests.ts";
import { type Checkpoint, type LifecycleStep, reviveVm, vmKeyOf } from "./checkpoint.ts";
import type { LifecycleDeps, LifecycleRun } from "./context.ts";
import { abandonedFailure, settleAbandoned } from "./settle.ts";
import { committer, type RunOutcome, runSteps } from "./step-runner.ts";
import { report, stop, watch } from "./steps-after-backup.ts";
import { preflight, resume, trigger } from "./steps-before-backup.ts";

export type LifecycleOutcome = RunOutcome;

const STEPS: Record<Exclude<LifecycleStep, "done">, (run: LifecycleRun) => Promise<void>> = {
  preflight,
  resume,
  trigger,
  watch,
  stop,
  report,
};

/** Steps that change Azure for this request only while it holds the VM's lease. */
const BEFORE_BACKUP = new Set<LifecycleStep>(["preflight", "resume", "trigger"]);

/** Steps after which Azure may have changed: a failure there must still settle protection. */
const MAY_HAVE_CHANGED_AZURE = new Set<LifecycleStep>(["resume", "trigger", "watch"]);

/**
 * Runs (or resumes) one ad-hoc backup lifecycle from `checkpoint`: preflight → resume protection →
 * trigger → watch → stop protection (retain data) → report. `save` persists the checkpoint; every
 * step is idempotent, so a crash at any point is recovered by calling this again with the last
 * saved checkpoint. `current` is the request as the caller has just read it, which spares a read.
 */
export async function runLifecycle(
  requestId: string,
  checkpoint: Checkpoint,
  save: (checkpoint: Checkpoint) => Promise<void>,
  deps: LifecycleDeps,
  signal?: AbortSignal,
  current?: BackupRequest,
): Promise<LifecycleOutcome> {
  const { journal, locks, clock } = deps;
  let request = current?.id === requestId ? current : await journal.requests.get(requestId);
  if (!request || TERMINAL_STATUSES.includes(request.status)) return { kind: "finished" };
  const vmKey = vmKeyOf(request);

  if (checkpoint.step === "preflight") {
    if (request.status === "approved" && request.cancelRequested) {
      await journal.transition(requestId, ["approved"], { status: "cancelled" }, { type: "cancelled" });
      return { kind: "finished" };
    }
    if (request.status === "running" && request.cancelRequested) {
      // Running with no checkpoint: its job was lost and re-added for the cancel; settle, don't start.
      await settleAbandoned(requestId, abandonedFailure("job-lost"), deps);
      return { kind: "finished" };
    }
    const lease = await locks.acquireLifecycle(vmKey, requestId);
    if (!lease.acquired) {
      await journal.emit(request, { type: "queued", behindRequestId: lease.heldBy }, lease.heldBy);
      return { kind: "wait", delayMs: deps.settings.busyRetryMs, reason: `vm-busy:${lease.heldBy}` };
    }
    if (request.status === "approved") {
      const started = await journal.transition(request, ["approved"], {
        status: "running",
        startedAt: clock.now().toISOString(),
      });
      if (!started) {
        await locks.releaseLifecycle(vmKey, requestId);
        return { kind: "finished" };
      }
      request = started;
    }
  } else if (checkpoint.step !== "done") {
    // A resumed run re-takes its lease (it lapses while nobody runs the job). If another request took
    // the VM meanwhile, steps that would change Azure wait for it; later steps only finish our own work.
    const lease = await locks.acquireLifecycle(vmKey, requestId);
    if (!lease.acquired && BEFORE_BACKUP.has(checkpoint.step)) {
      return { kind: "wait", delayMs: deps.settings.busyRetryMs, reason: `vm-busy:${lease.heldBy}` };
    }
  }

  const run: LifecycleRun = {
    deps,
    request,
    vmKey,
    checkpoint: { ...checkpoint },
    signal,
    commit: committer(() => run, save),
    vm() {
      if (!run.checkpoint.vm) throw new Error("lifecycle checkpoint has no VM before the resume step");
      return reviveVm(run.checkpoint.vm);
    },
  };

  // The lease is renewed while this process runs the steps; it lapses if nobody does.
  return locks.keepLifecycle(vmKey, requestId, () =>
    runSteps<Checkpoint, LifecycleRun>(run, { steps: STEPS, onFailure }),
  );
}

/** What a step that failed for good means: settle protection and report, or end now. */
async function onFailure(
  run: LifecycleRun,
  step: LifecycleStep,
  failure: Failure,
): Promise<LifecycleOutcome | undefined> {
  const { journal, locks } = run.deps;
  if (MAY_HAVE_CHANGED_AZURE.has(step)) {
    await run.commit({ failure, step: "stop", transientErrors: 0 });
    return undefined;
  }
  if (step === "stop") {
    // Protection could not be settled; the reconciler repairs it. Report the original outcome.
    await run.commit({ step: "report", transientErrors: 0, ...(run.checkpoint.failure ? {} : { failure }) });
    return undefined;
  }
  await locks.releaseLifecycle(run.vmKey, run.request.id);
  await journal.transition(
    run.request.id,
    ["running"],
    { status: "failed", finishedAt: run.deps.clock.now().toISOString(), failure },
    { type: "failed", failure },
  );
  return { kind: "finished" };
}
