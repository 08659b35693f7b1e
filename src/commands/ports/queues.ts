import type { Checkpoint } from "../lifecycle/checkpoint.ts";
import type { SnapshotCheckpoint } from "../snapshot/context.ts";
import type { VaultRef } from "./backup-gateway.ts";

/** How the core hands approved work to the workers. */
export interface LifecycleQueue {
  /** Idempotent: the job id is the request id, so a request can never be enqueued twice. */
  enqueue(requestId: string): Promise<void>;
  /** Removes a job that has not started yet; false if it is running or gone. */
  removeIfWaiting(requestId: string): Promise<boolean>;
  /**
   * Where the request's job is: `live` (waiting, delayed or running: someone will run it), `failed`
   * (the queue gave up on it), `finished` (it completed) or `missing` (never enqueued, or removed).
   */
  jobState(requestId: string): Promise<LifecycleJobState>;
  /** Gives a failed or missing job one more run (keeping its checkpoint), e.g. to carry out a cancel. */
  revive(requestId: string): Promise<void>;
}

export type LifecycleJobState = "live" | "failed" | "finished" | "missing";

/**
 * The notification queues, defined once for their producer (the event sink, src/store) and their
 * consumers (the delivery consumer and the log printer, src/worker). There is one queue per chat
 * platform, `<base>.<platform>` (e.g. `kura-notify.slack`), so a process consumes only the events of
 * the platforms it runs; with no platform configured, events go to `<base>` for the log printer.
 * Every job is named `NOTIFICATION_JOB` and carries one `KuraEvent` as its data.
 */
export const NOTIFICATION_JOB = "event";

export function notificationQueueName(base: string, platform?: string): string {
  return platform === undefined ? base : `${base}.${platform}`;
}

/**
 * The lifecycle queue (`KURA_QUEUE_LIFECYCLE`), defined once for its producer (`LifecycleQueue`,
 * src/store) and its worker (src/worker/lifecycle-worker.ts). One job per approved request, named
 * `LIFECYCLE_JOB`, whose id is the request id; its data is `LifecycleJobData`.
 */
export const LIFECYCLE_JOB = "lifecycle";

/**
 * A lifecycle job's data: the request id, and once a run started its checkpoint (a backup's
 * `checkpoint`, a disk snapshot request's `snapshotCheckpoint`); the rest is in the request store.
 */
export interface LifecycleJobData {
  requestId: string;
  checkpoint?: Checkpoint;
  snapshotCheckpoint?: SnapshotCheckpoint;
}

/**
 * The maintenance queue's job names (`KURA_QUEUE_MAINTENANCE`): periodic job schedulers (reconcile,
 * expiry sweeps, the GC window's firings, the restore point watch…) and one-off jobs that
 * `MaintenanceJobs` (src/store) adds with deterministic ids. Producer and worker
 * (src/worker/gc-tasks.ts, src/compose/worker-role.ts) both use these names.
 */
export const MAINTENANCE_JOB = {
  reconcile: "reconcile",
  expireRequests: "expire-requests",
  relayOutbox: "relay-outbox",
  pruneHistory: "prune-history",
  snapshotCleanup: "snapshot-cleanup",
  gcReminder: "gc-reminder",
  gcOpen: "gc-open",
  gcClose: "gc-close",
  rpWatch: "rp-watch",
  failedJobs: "failed-jobs",
  expireEmergency: "expire-emergency",
  emergencyOpen: "emergency-open",
  emergencyClose: "emergency-close",
  rpCheck: "rp-check",
  recover: "gc-recover",
} as const;

export type MaintenanceJobName = (typeof MAINTENANCE_JOB)[keyof typeof MAINTENANCE_JOB];

/** The data of the maintenance jobs that carry any (the periodic ones carry none). */
export interface MaintenanceJobData {
  "emergency-open": { requestId: string };
  "emergency-close": { requestId: string };
  /**
   * The check after backups of one vault: the VMs are in that vault's backlog (`RpCheckBacklog`), not
   * in the job. `{ vmName }` alone is one VM's check whose vault was not known, and the form jobs had
   * before backlogs (still queued after an upgrade).
   */
  "rp-check": { vault: VaultRef } | { vmName: string };
  "gc-recover": Record<string, never>;
}
