/**
 * History retention: requests that ended more than `keepRequestsDays` ago are removed, and audit
 * entries older than `keepAuditDays` are trimmed, so Redis holds a bounded window of history however
 * long kura runs. Run by the worker's maintenance (`prune-history`); a request that has not ended is
 * never removed, however old (the store re-checks that atomically, per request).
 */
import type { AuditLog } from "../ports/audit.ts";
import type { Clock } from "../ports/clock.ts";
import { type BackupRequest, type RequestStore, TERMINAL_STATUSES } from "../ports/requests.ts";

/** The documented defaults (README's table, `KURA_KEEP_REQUESTS_DAYS` / `KURA_KEEP_AUDIT_DAYS`). */
export const DEFAULT_KEEP_REQUESTS_DAYS = 180;
export const DEFAULT_KEEP_AUDIT_DAYS = 365;

const DAY_MS = 86_400_000;
/** Requests per store page: each page is one index read, one MGET and one small script per removal. */
const PAGE = 100;

export interface PruneHistoryDeps {
  requests: RequestStore;
  audit: AuditLog;
  clock: Clock;
  keepRequestsDays: number;
  keepAuditDays: number;
  /** Requests looked at per page. @defaultValue 100 */
  pageSize?: number;
}

export interface PruneHistoryReport {
  requestsRemoved: number;
  /** Requests old enough to look at but kept (not ended, or ended within the retention). */
  requestsKept: number;
  auditEntriesRemoved: number;
  requestsBefore: string;
  auditBefore: string;
}

/**
 * When the request ended: `finishedAt`, which every ending sets; for a request stored before that
 * was so, the latest time it carries (it cannot have ended before any of them). Undefined while it runs.
 */
export function endedAt(request: BackupRequest): number | undefined {
  if (!TERMINAL_STATUSES.includes(request.status)) return undefined;
  if (request.finishedAt !== undefined) return Date.parse(request.finishedAt);
  const times = [request.createdAt, request.expiresAt, request.decision?.at, request.startedAt];
  return Math.max(...times.filter((t) => t !== undefined).map((t) => Date.parse(t)));
}

/** Whether the request ended strictly before `before` (what `RequestStore.pruneEnded` removes). */
export function hasEndedBefore(request: BackupRequest, before: Date): boolean {
  const ended = endedAt(request);
  return ended !== undefined && !Number.isNaN(ended) && ended < before.getTime();
}

/**
 * Removes requests that ended before the cutoff, page by page (each page is small, so a backlog of
 * years does not block Redis), then trims the audit trail. Stops between pages when `signal` aborts;
 * the next run carries on where the kept requests are.
 */
export async function pruneHistory(
  deps: PruneHistoryDeps,
  signal?: AbortSignal,
): Promise<PruneHistoryReport> {
  const now = deps.clock.now().getTime();
  const requestsBefore = new Date(now - deps.keepRequestsDays * DAY_MS);
  const auditBefore = new Date(now - deps.keepAuditDays * DAY_MS);
  const limit = deps.pageSize ?? PAGE;
  let removed = 0;
  let kept = 0;
  for (;;) {
    if (signal?.aborted) break;
    const page = await deps.requests.pruneEnded(requestsBefore, { limit, offset: kept });
    removed += page.removed;
    kept += page.looked - page.removed;
    if (page.looked < limit) break;
  }
  const auditEntriesRemoved = signal?.aborted ? 0 : await deps.audit.trimBefore(auditBefore);
  return {
    requestsRemoved: removed,
    requestsKept: kept,
    auditEntriesRemoved,
    requestsBefore: requestsBefore.toISOString(),
    auditBefore: auditBefore.toISOString(),
  };
}
