/**
 * Finds failed Azure backup jobs of managed VMs, whoever started them — kura, the policy's schedule,
 * someone in the portal — and reports each once with Azure's error and its remedy. A
 * `UserErrorRpCollectionLimitReached` failure offers an emergency window, the one fix that works.
 *
 * Each vault's check resumes from a cursor kept in Redis. Azure filters jobs by start time, so the
 * query reaches back a day before the cursor to catch jobs that started earlier and failed since;
 * the event id is the job's, so a job seen twice is reported once.
 */
import type { GcState } from "../gc/ports.ts";
import { failureFromJob } from "../lifecycle/job-failures.ts";
import type { BackupGateway, VaultRef } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventSink } from "../ports/events.ts";
import { DAY_MS } from "../schedule/wall-clock.ts";
import { vaultKey } from "./check-restore-points.ts";

export interface FailedJobDeps {
  gateway: BackupGateway;
  events: EventSink;
  clock: Clock;
  state: GcState;
  isManaged(vmName: string): boolean;
}

export interface FailedJobReport {
  vaults: number;
  failed: { vmName: string; jobId: string; azureCode?: string }[];
}

/** How far before the cursor the query reaches: longer than any VM backup job runs. */
const OVERLAP_MS = DAY_MS;

export async function detectFailedJobs(deps: FailedJobDeps, signal?: AbortSignal): Promise<FailedJobReport> {
  const now = deps.clock.now();
  const vaults = new Map<string, VaultRef>();
  for (const vm of await deps.gateway.listProtectedVms({ signal })) {
    if (deps.isManaged(vm.vmName)) vaults.set(vaultKey(vm.vault), vm.vault);
  }
  const report: FailedJobReport = { vaults: vaults.size, failed: [] };
  for (const [key, vault] of vaults) {
    const cursor = (await deps.state.jobCursor(key)) ?? new Date(now.getTime() - DAY_MS);
    const jobs = await deps.gateway.listJobs(
      vault,
      { since: new Date(cursor.getTime() - OVERLAP_MS), status: "Failed" },
      { signal },
    );
    for (const job of jobs) {
      if (!deps.isManaged(job.vmName)) continue;
      const failure = failureFromJob(job);
      const limitReached = failure.azureCode === "UserErrorRpCollectionLimitReached";
      await deps.events.emit({
        id: `job-failed-${job.id}`,
        at: now.toISOString(),
        type: "azure-job-failed",
        vmName: job.vmName,
        jobId: job.id,
        vault: vault.name,
        ...(failure.azureCode ? { azureCode: failure.azureCode } : {}),
        message: `${job.operation} of ${job.vmName} failed: ${failure.message}`,
        ...(failure.remedy ? { remedy: failure.remedy } : {}),
        isUserTriggered: job.isUserTriggered,
        ...(job.startTime ? { startedAt: job.startTime.toISOString() } : {}),
        ...(limitReached ? { action: "request-emergency-window" as const } : {}),
      });
      report.failed.push({
        vmName: job.vmName,
        jobId: job.id,
        ...(failure.azureCode ? { azureCode: failure.azureCode } : {}),
      });
    }
    await deps.state.setJobCursor(key, now);
  }
  return report;
}
