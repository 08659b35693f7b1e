/**
 * OData `$filter` strings for the Backup API. Only fixed field names and checked values go in: each
 * value is matched against a closed set or formatted from a `Date`, never copied from user text.
 */

import { KuraError } from "../commands/errors.ts";
import type { JobFilter, JobStatus } from "../commands/ports/backup-gateway.ts";

/** Canonical filter for Azure VM items (ref §2a, EX:AzureIaasVm/BackupProtectedItems_List.json). */
export const VM_ITEMS_FILTER = "backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'";

/** When only one bound is given, Azure CLI makes the window 30 days (ref §2h, `get_query_dates`). */
export const DEFAULT_JOB_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

const JOB_STATUSES: ReadonlySet<JobStatus> = new Set([
  "InProgress",
  "Completed",
  "Failed",
  "CompletedWithWarnings",
  "Cancelled",
  "Cancelling",
  "Invalid",
]);
const JOB_OPERATIONS: ReadonlySet<string> = new Set(["Backup", "ConfigureBackup", "DisableBackup"]);

/**
 * A date as the Backup API's filters want it: `yyyy-MM-dd hh:mm:ss tt` in UTC, 12-hour clock
 * (ref §2h; Azure CLI: `strftime('%Y-%m-%d %I:%M:%S %p')`). Example: `2024-02-01 01:05:09 PM`.
 */
export function formatFilterDate(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new KuraError("AZURE_INVALID_INPUT", "A job filter date is not a valid date.");
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  const hours = date.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const ampm = hours < 12 ? "AM" : "PM";
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(h12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${ampm}`
  );
}

/**
 * The `$filter` for `backupJobs.list` (ref §2h, SPEC `JobQueryObject`). Always scoped to Azure VM
 * jobs; a one-sided time range is widened to 30 days like Azure CLI does, with `now` for the open end.
 */
export function jobFilter(filter: JobFilter, now: Date): string {
  const parts = ["backupManagementType eq 'AzureIaasVM'"];
  if (filter.operation !== undefined) {
    if (!JOB_OPERATIONS.has(filter.operation)) throw badFilter("operation");
    parts.push(`operation eq '${filter.operation}'`);
  }
  if (filter.status !== undefined) {
    if (!JOB_STATUSES.has(filter.status)) throw badFilter("status");
    parts.push(`status eq '${filter.status}'`);
  }
  if (filter.since !== undefined || filter.until !== undefined) {
    const until = filter.until ?? now;
    const since = filter.since ?? new Date(until.getTime() - DEFAULT_JOB_WINDOW_MS);
    parts.push(`startTime eq '${formatFilterDate(since)}'`, `endTime eq '${formatFilterDate(until)}'`);
  }
  return parts.join(" and ");
}

function badFilter(field: string): KuraError {
  return new KuraError("AZURE_INVALID_INPUT", `Unknown job ${field} in the job filter.`, {
    remedy: "Use one of the job statuses and operations the BackupGateway port lists.",
  });
}
