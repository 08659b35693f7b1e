import { KuraError } from "../errors.ts";
import type { BackupPolicy, CallOptions, ProtectedVm } from "../ports/backup-gateway.ts";
import type { Failure, Warning } from "../ports/requests.ts";
import { type Checkpoint, storeVm } from "./checkpoint.ts";
import type { LifecycleRun } from "./context.ts";
import { evaluatePreflight } from "./preflight.ts";

const DAY_MS = 24 * 3600_000;

/**
 * Azure calls until the backup starts go first, the oldest lifecycle's first: its requester has
 * waited longest (CallOptions).
 */
function beforeBackup(run: LifecycleRun): CallOptions {
  const started = run.request.startedAt ? Date.parse(run.request.startedAt) : Number.NaN;
  return {
    ...(run.signal ? { signal: run.signal } : {}),
    priority: "high",
    ...(Number.isFinite(started) ? { order: started } : {}),
  };
}

/** Thrown by a step to end the lifecycle before anything in Azure changed. */
export class Refusal extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Step 1: the VM exists, its policy is known, and Azure's limits and schedule allow a backup now. */
export async function preflight(run: LifecycleRun): Promise<void> {
  const { gateway, clock, settings, journal } = run.deps;
  const options = beforeBackup(run);
  const vm = await gateway.findVm(run.request.vmName, options);
  const now = clock.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  // Independent reads, asked at once: the requester waits for the slowest, not for their sum.
  const [policy, instantRestorePoints, todays] = await Promise.all([
    resolvePolicy(run, vm),
    gateway.countInstantRestorePoints(vm, options),
    gateway.listJobs(vm.vault, { since, operation: "Backup" }, options),
  ]);
  const onDemandToday = todays.filter((job) => sameVm(job.vmName, vm) && job.isUserTriggered);

  const verdict = evaluatePreflight(
    { now, vm, policy, instantRestorePoints, onDemandToday: onDemandToday.length },
    settings,
  );
  const refusal = verdict.refusals[0];
  if (refusal) {
    throw new Refusal({
      code: refusal.code,
      message: refusal.message,
      ...(refusal.remedy ? { remedy: refusal.remedy } : {}),
      params: refusal.params,
    });
  }
  const warnings: Warning[] = verdict.warnings.map((w) => ({ code: w.code, params: w.params }));
  if (warnings.length > 0) {
    const warned = await journal.transition(run.request, ["running"], { warnings });
    if (warned) run.request = warned;
  }
  for (const warning of verdict.warnings) {
    await journal.emit(
      run.request,
      {
        type: "warning",
        code: warning.code,
        message: warning.message,
        ...(warning.remedy ? { remedy: warning.remedy } : {}),
        params: warning.params,
      },
      warning.code,
    );
  }
  await run.commit({
    step: "resume",
    vm: storeVm(vm),
    policyId: policy.id,
    warnings: verdict.warnings.map((w) => w.message),
    // The trigger step's "what was there before": this VM holds our lease from here, so only people
    // outside kura could add a job to it in the seconds until the POST, and this spares a fresh
    // job listing per lifecycle on the way to the backup.
    jobsBeforeTrigger: onDemandToday.map((job) => job.id),
    jobsListedSince: since.toISOString(),
  });
}

async function resolvePolicy(run: LifecycleRun, vm: ProtectedVm): Promise<BackupPolicy> {
  const name = vm.policyId || vm.policyName || run.deps.settings.fallbackPolicyByVault[vm.vault.name];
  if (!name) {
    throw new Refusal({
      code: "NO_POLICY",
      message: `${vm.vmName} has no backup policy in Azure and no fallback policy is configured for vault ${vm.vault.name}.`,
      remedy: `Set vaults[].policy for ${vm.vault.name} in kura's configuration to the weekly policy to resume with.`,
      params: { vm: vm.vmName, vault: vm.vault.name },
    });
  }
  return run.deps.gateway.getPolicy(vm.vault, name, beforeBackup(run));
}

/** Step 2: protection on (unless it already is: the GC window is open, or Azure has it on). */
export async function resume(run: LifecycleRun): Promise<void> {
  const { gateway, locks, journal } = run.deps;
  const policyId = run.checkpoint.policyId;
  if (!policyId)
    throw new KuraError("AZURE_INVALID_INPUT", "The checkpoint lost the policy id before resume.");
  let recorded: Promise<void> | undefined;
  await locks.withProtectionMutex(
    run.vmKey,
    async () => {
      const fresh = await stateToResumeFrom(run);
      if (fresh.protectionState === "Protected") {
        if (run.checkpoint.intent === "resume") {
          // Our PUT took effect but its reply was lost: record it now (once).
          await recordWrite(run, "azure.resume", { policyId, confirmedBy: "state" });
          return;
        }
        await journal.emit(
          run.request,
          { type: "step-finished", step: "resume", skipped: "already-protected" },
          "resume",
        );
        return;
      }
      await run.commit({ intent: "resume" });
      await gateway.resumeProtection(fresh, policyId, beforeBackup(run));
      // Written while the mutex is let go: the two are independent, so the backup waits for one
      // round trip to Redis instead of two. The checkpoint below waits for it, so a crash cannot
      // skip it (the retry records it, once).
      recorded = recordWrite(run, "azure.resume", { policyId });
      recorded.catch(() => {}); // awaited below; a failed release must not leave it unhandled
    },
    { ...(run.signal ? { signal: run.signal } : {}) },
  );
  await recorded;
  await run.commit({ step: "trigger", transientErrors: 0, intent: undefined });
}

/**
 * The item as the resume decides on it. Preflight's "stopped" (from the vault listing, seconds old)
 * is taken as it is: if it is stale because a GC window or a person turned protection on meanwhile,
 * the resume PUT repeats what is already so, with kura's policy, and the end of the lifecycle asks
 * ProtectionIntent anyway. A "protected" could be stale the other way (a window closed since), which
 * would skip a needed resume and fail the backup, so it is read again, as is everything after a
 * resume PUT may have happened (`intent`). This spares a read per backup in the usual case: VMs that
 * kura manages are stopped between backups.
 */
async function stateToResumeFrom(run: LifecycleRun): Promise<ProtectedVm> {
  const known = run.vm();
  if (known.protectionState !== "Protected" && !run.checkpoint.intent) return known;
  return run.deps.gateway.refreshVm(known, beforeBackup(run));
}

/** Step 3: backup now, exactly once, even across crashes. */
export async function trigger(run: LifecycleRun): Promise<void> {
  const cp = run.checkpoint;
  let jobId = cp.azureJobId;
  if (!jobId && cp.operationId) jobId = await jobOfOperation(run, cp.operationId);
  if (!jobId && cp.triggerAttemptedAt) jobId = await findOurJob(run);
  if (!jobId) jobId = await triggerNow(run);
  // Whichever attempt learnt the job id records the POST, once: a retry after a lost reply too.
  await recordWrite(run, "azure.trigger", {
    jobId,
    operationId: run.checkpoint.operationId,
    expiry: run.checkpoint.triggerExpiry,
  });
  await run.commit({ step: "watch", azureJobId: jobId, transientErrors: 0 });
}

/** Records one of this request's Azure writes in the audit trail, at most once per kind of write. */
export async function recordWrite(
  run: LifecycleRun,
  action: "azure.resume" | "azure.trigger" | "azure.stop" | "azure.cancel",
  detail: Record<string, string | number | boolean | undefined>,
  actor = "kura",
): Promise<void> {
  await run.deps.journal.record(run.request, { action, actor, detail }, { once: action });
}

async function triggerNow(run: LifecycleRun): Promise<string> {
  const { gateway, clock } = run.deps;
  const vm = run.vm();
  const now = clock.now();
  const before = await jobsBefore(run, now);
  const expiry = new Date(now.getTime() + run.request.retentionDays * DAY_MS);
  // Saved before the POST: if we die after Azure accepted it, the next attempt looks for the job.
  await run.commit({
    triggerAttemptedAt: now.toISOString(),
    triggerExpiry: expiry.toISOString(),
    jobsBeforeTrigger: before.ids,
    jobsListedSince: before.since.toISOString(),
  });
  const triggered = await gateway.triggerBackup(vm, expiry, {
    ...beforeBackup(run),
    onAccepted: (operationId) => run.commit({ operationId }),
  });
  await run.commit({ operationId: triggered.operationId });
  return triggered.jobId;
}

async function jobOfOperation(run: LifecycleRun, operationId: string): Promise<string> {
  const { gateway, settings } = run.deps;
  for (;;) {
    const jobId = await gateway.jobIdForOperation(run.vm().vault, operationId, { signal: run.signal });
    if (jobId) return jobId;
    await sleep(settings.operationPollMs, run.signal);
  }
}

/** After a crash between POST and checkpoint: a backup job of this VM we had not seen before is ours. */
async function findOurJob(run: LifecycleRun): Promise<string | undefined> {
  const known = new Set(run.checkpoint.jobsBeforeTrigger ?? []);
  for (const wait of [0, run.deps.settings.triggerSettleMs]) {
    await sleep(wait, run.signal);
    // Compared over the same span `known` was listed for: an older job is not ours, only unlisted.
    const since = listedSince(run.checkpoint, run.deps.clock.now());
    const ids = await recentBackupJobIds(run, since);
    const ours = ids.find((id) => !known.has(id));
    if (ours) return ours;
  }
  return undefined;
}

/**
 * This VM's on-demand jobs before our POST, and since when they were listed. The first attempt has
 * them from preflight; a later one (a POST may have happened) lists afresh, so a job of that attempt
 * is not taken for ours after another crash.
 */
async function jobsBefore(run: LifecycleRun, now: Date): Promise<{ since: Date; ids: string[] }> {
  const { jobsBeforeTrigger: ids, jobsListedSince, triggerAttemptedAt } = run.checkpoint;
  if (!triggerAttemptedAt && ids && jobsListedSince) return { since: new Date(jobsListedSince), ids };
  const since = listedSince({}, now);
  return { since, ids: await recentBackupJobIds(run, since) };
}

/** The start of the span a checkpoint's known jobs cover; two days for checkpoints that did not say. */
function listedSince(cp: Pick<Checkpoint, "jobsListedSince">, now: Date): Date {
  return cp.jobsListedSince ? new Date(cp.jobsListedSince) : new Date(now.getTime() - 2 * DAY_MS);
}

async function recentBackupJobIds(run: LifecycleRun, since: Date): Promise<string[]> {
  const vm = run.vm();
  const jobs = await run.deps.gateway.listJobs(
    vm.vault,
    { since, operation: "Backup" },
    // Fresh: a listing shared with other lifecycles may predate a trigger another worker made for
    // this very request (an ambiguous answer, then a retry here), and a second trigger would follow.
    { ...beforeBackup(run), fresh: true },
  );
  return jobs.filter((job) => sameVm(job.vmName, vm) && job.isUserTriggered).map((job) => job.id);
}

export function sameVm(jobVmName: string, vm: ProtectedVm): boolean {
  return jobVmName.toLowerCase() === vm.vmName.toLowerCase();
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // Removed once the wait is over: a listener per wait would otherwise pile up on the run's signal.
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
