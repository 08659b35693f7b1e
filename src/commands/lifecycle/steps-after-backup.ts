import { isKuraError } from "../errors.ts";
import type { BackupJob, RecoveryPoint } from "../ports/backup-gateway.ts";
import type { BackupResult, LifecycleProgress } from "../ports/requests.ts";
import { isInstantRestorePoint } from "../restore-points.ts";
import type { LifecycleRun } from "./context.ts";
import { failureFromJob } from "./job-failures.ts";
import { recordWrite } from "./steps-before-backup.ts";

const SUCCESS = new Set(["Completed", "CompletedWithWarnings"]);

/** Step 4: follow the Azure job to its end, publishing progress and honouring a cancel request. */
export async function watch(run: LifecycleRun): Promise<void> {
  const { watcher, journal, gateway } = run.deps;
  const jobId = run.checkpoint.azureJobId;
  if (!jobId) throw new Error("watch step without an Azure job id");
  const vault = run.vm().vault;
  let last = run.request.progress;
  let cancelSent = false;

  const onUpdate = async (job: BackupJob) => {
    const progress = progressOf(job);
    if (sameProgress(progress, last)) return;
    const updated = await journal.transition(run.request.id, ["running"], { progress });
    if (updated) {
      run.request = updated;
      await journal.emit(updated, { type: "progress", progress });
    }
    last = progress;
  };
  const onPoll = async () => {
    if (cancelSent) return;
    const current = await journal.requests.get(run.request.id);
    if (!current?.cancelRequested) return;
    cancelSent = true;
    try {
      await gateway.cancelJob(vault, jobId, { signal: run.signal });
      await recordWrite(run, "azure.cancel", { jobId }, current.cancelRequested.by.id);
    } catch (error) {
      if (!isKuraError(error) || error.isTransient) {
        cancelSent = false; // asked again next tick; a cancel that did land is recorded when the job ends
        throw error;
      }
      // Azure cancels a VM backup only while it takes the snapshot; later it runs to the end.
      await journal.emit(
        run.request,
        {
          type: "warning",
          code: "CANCEL_TOO_LATE",
          message: `Azure could not cancel job ${jobId} any more (${error.message}); kura will settle protection when it ends.`,
          params: { jobId, code: error.azureCode ?? error.code },
        },
        "cancel",
      );
    }
  };

  const job = await watcher.watch(vault, jobId, { onUpdate, onPoll }, run.signal);
  const cancelled = job.status === "Cancelled";
  const cancelledBy = cancelled ? (await journal.requests.get(run.request.id))?.cancelRequested : undefined;
  if (cancelledBy) await recordWrite(run, "azure.cancel", { jobId }, cancelledBy.by.id);
  await run.commit({
    step: "stop",
    transientErrors: 0,
    cancelled,
    job: {
      status: job.status,
      errors: job.errors,
      ...(job.startTime ? { startTime: job.startTime.toISOString() } : {}),
      ...(job.endTime ? { endTime: job.endTime.toISOString() } : {}),
    },
    ...(!cancelled && !SUCCESS.has(job.status) ? { failure: failureFromJob(job) } : {}),
  });
}

function progressOf(job: BackupJob): LifecycleProgress {
  const task =
    job.tasks.find((t) => t.status === "InProgress") ?? job.tasks.findLast((t) => t.status === "Completed");
  const percent = job.progressPercent ?? task?.progressPercent;
  return {
    step: "watch",
    azureJobId: job.id,
    ...(task ? { task: task.name } : {}),
    ...(percent === undefined ? {} : { percent: Math.round(percent) }),
  };
}

function sameProgress(a: LifecycleProgress, b: LifecycleProgress | undefined): boolean {
  return !!b && a.step === b.step && a.task === b.task && a.percent === b.percent;
}

/**
 * Step 5: settle protection to what it should be without us: stop (retain data) unless the GC
 * window is open or something else still needs protection on. Runs on every path that may have
 * resumed, including failures and cancellations.
 */
export async function stop(run: LifecycleRun): Promise<void> {
  const { gateway, locks, intent, clock, journal } = run.deps;
  await locks.withProtectionMutex(
    run.vmKey,
    async () => {
      const desired = await intent.desiredFor(run.vmKey, run.request.vmName, clock.now(), {
        ignoringRequest: run.request.id,
      });
      const fresh = await gateway.refreshVm(run.vm(), { signal: run.signal });
      if (desired.state === "ProtectionStopped" && fresh.protectionState !== "ProtectionStopped") {
        await run.commit({ intent: "stop" });
        await gateway.stopProtectionRetainData(fresh, { signal: run.signal });
        await recordWrite(run, "azure.stop", { retainData: true });
      } else if (fresh.protectionState === "ProtectionStopped" && run.checkpoint.intent === "stop") {
        // Our PUT took effect but its reply was lost: record it now (once).
        await recordWrite(run, "azure.stop", { retainData: true, confirmedBy: "state" });
      } else {
        const skipped =
          desired.state === "Protected" ? `kept-on:${desired.reasons.join(",")}` : "already-stopped";
        await journal.emit(run.request, { type: "step-finished", step: "stop", skipped }, "stop");
      }
      await locks.releaseLifecycle(run.vmKey, run.request.id);
    },
    { ...(run.signal ? { signal: run.signal } : {}) },
  );
  await run.commit({ step: "report", transientErrors: 0, intent: undefined });
}

/** Step 6: tell the requester how it ended: the recovery point, its expiry and the VM's headroom. */
export async function report(run: LifecycleRun): Promise<void> {
  const { journal, gateway, clock, settings, locks } = run.deps;
  const cp = run.checkpoint;
  await locks.releaseLifecycle(run.vmKey, run.request.id);
  const finishedAt = clock.now().toISOString();
  if (cp.cancelled) {
    await journal.transition(
      run.request.id,
      ["running"],
      { status: "cancelled", finishedAt },
      {
        type: "cancelled",
        ...(run.request.cancelRequested ? { by: run.request.cancelRequested.by } : {}),
      },
    );
  } else if (cp.failure) {
    await journal.transition(
      run.request.id,
      ["running"],
      { status: "failed", finishedAt, failure: cp.failure },
      { type: "failed", failure: cp.failure },
    );
  } else {
    const vm = run.vm();
    const points = await gateway.listRecoveryPoints(vm, { signal: run.signal });
    const instant = points.filter(isInstantRestorePoint).length;
    const result = resultOf(run, points, instant, settings.rpLimit);
    await journal.transition(
      run.request.id,
      ["running"],
      { status: "succeeded", finishedAt, result },
      { type: "succeeded", result },
    );
  }
  await run.commit({ step: "done" });
}

function resultOf(run: LifecycleRun, points: RecoveryPoint[], instant: number, limit: number): BackupResult {
  const cp = run.checkpoint;
  const started = cp.job?.startTime ? new Date(cp.job.startTime).getTime() : 0;
  const ended = cp.job?.endTime ? new Date(cp.job.endTime).getTime() : started;
  const ours = points
    .filter((p) => p.time.getTime() >= started - 60_000)
    .sort((a, b) => a.time.getTime() - b.time.getTime())[0];
  const expiry =
    ours?.expiry?.toISOString() ?? new Date(ended + run.request.retentionDays * 86_400_000).toISOString();
  return {
    azureJobId: cp.azureJobId ?? "",
    ...(ours ? { recoveryPointTime: ours.time.toISOString() } : {}),
    recoveryPointExpiry: expiry,
    durationMs: Math.max(0, ended - started),
    instantRestorePoints: instant,
    restorePointLimit: limit,
  };
}
