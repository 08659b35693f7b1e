import { pendingWindowPass } from "../commands/gc/pending-pass.ts";
import { MAINTENANCE_JOB } from "../commands/ports/queues.ts";
import type { RunObserver } from "../commands/ports/telemetry.ts";
import { reconcileProtection } from "../commands/reconcile/reconcile-protection.ts";
import { expireOverdue } from "../commands/requests/decide-request.ts";
import { pruneHistory } from "../commands/requests/prune-history.ts";
import { cleanupExpiredSnapshots } from "../commands/snapshot/cleanup.ts";
import type { Logger } from "../log.ts";
import { Drain } from "../worker/drain.ts";
import { wallClockRepeatStrategy } from "../worker/gc-repeat-strategy.ts";
import { startLifecycleWorker } from "../worker/lifecycle-worker.ts";
import { startMaintenance } from "../worker/maintenance.ts";
import { startNotificationLog } from "../worker/notification-log.ts";
import { checkGcWindowAtStart, gcMaintenance } from "./gc.ts";
import type { Runtime } from "./runtime.ts";

/** An outbox entry younger than this may still be being emitted by its own journal. */
const OUTBOX_SETTLE_MS = 5_000;
const OUTBOX_BATCH = 100;

export interface WorkerRole {
  /**
   * Stops taking work and ends each running backup or snapshot at its next checkpoint (a watch on
   * an Azure job at once); resolves when every worker has stopped. Call `abort` when the grace is over.
   */
  close(): Promise<void>;
  /** Aborts what still runs: its Azure calls stop, and another worker resumes it from its checkpoint. */
  abort(): void;
  /** Whether every queue worker of this process is running. */
  ready(): boolean;
}

/**
 * The worker process: runs approved lifecycles, the reconciler and request expiry; prints
 * notification events until a chat adapter consumes them (`withNotificationLog`).
 */
export async function startWorkerRole(
  runtime: Runtime,
  log: Logger,
  options: { withNotificationLog: boolean; observer?: RunObserver },
): Promise<WorkerRole> {
  const { config } = runtime;
  const prefix = `${config.redis.prefix}:bull`;
  // Before any work: a window that lets a policy's scheduled backup run is a ConfigError.
  await checkGcWindowAtStart(config, runtime.gc);
  const gc = gcMaintenance(config, runtime.gc, runtime.reconcile, log);
  const startedAt = runtime.clock.now();
  const drain = new Drain();
  const lifecycle = startLifecycleWorker({
    connection: runtime.blocking,
    prefix,
    queueName: config.queues.lifecycle,
    concurrency: config.queues.workerConcurrency,
    lockDurationMs: config.worker.lockDurationMs,
    maxStalledCount: config.worker.maxStalledCount,
    deps: runtime.lifecycle,
    snapshot: runtime.snapshot,
    log,
    drain,
    observer: options.observer ?? runtime.telemetry,
  });
  runtime.redisOutage.watch(lifecycle, "lifecycle worker");
  // Failed attempts and given-up jobs are logged (warn / error) where they are settled: lifecycle-worker.

  const maintenance = await startMaintenance({
    connection: runtime.blocking,
    prefix,
    queueName: config.queues.maintenance,
    keep: config.retention.maintenanceJobs,
    tasks: [
      {
        name: MAINTENANCE_JOB.reconcile,
        everyMs: config.reconciler.everyMinutes * 60_000,
        run: async (signal) => {
          // One decides: while a window pass is due, the window's opening or closing is the pass's.
          const report = await reconcileProtection(
            {
              ...runtime.reconcile,
              pendingWindowPass: () => pendingWindowPass(runtime.gc.pass, runtime.clock.now(), startedAt),
            },
            signal,
          );
          log.info({ ...report, repaired: report.repaired.length }, "reconcile pass");
          return report;
        },
      },
      {
        name: MAINTENANCE_JOB.expireRequests,
        everyMs: 60_000,
        run: () => expireOverdue({ journal: runtime.journal, clock: runtime.clock }),
      },
      {
        // Events whose journal died between the state write and the emit (see RequestJournal).
        name: MAINTENANCE_JOB.relayOutbox,
        everyMs: 10_000,
        run: async () => {
          let relayed = 0;
          let batch: number;
          do {
            batch = await runtime.journal.relayOutbox(OUTBOX_SETTLE_MS, OUTBOX_BATCH);
            relayed += batch;
          } while (batch === OUTBOX_BATCH);
          if (relayed > 0) log.warn({ relayed }, "notifications relayed from the outbox");
          return { relayed };
        },
      },
      {
        // History retention (KURA_KEEP_REQUESTS_DAYS, KURA_KEEP_AUDIT_DAYS): hourly, so each run's
        // share of a day's endings is small; a backlog is worked through in pages within the run.
        name: MAINTENANCE_JOB.pruneHistory,
        everyMs: 3_600_000,
        run: async (signal) => {
          const report = await pruneHistory(
            {
              requests: runtime.journal.requests,
              audit: runtime.audit,
              clock: runtime.clock,
              keepRequestsDays: config.retention.requestsDays,
              keepAuditDays: config.retention.auditDays,
            },
            signal,
          );
          if (report.requestsRemoved > 0 || report.auditEntriesRemoved > 0)
            log.info(report, "history pruned");
          return report;
        },
      },
      {
        // Disk snapshots have no retention of their own: kura deletes its expired ones once a day.
        name: MAINTENANCE_JOB.snapshotCleanup,
        everyMs: 24 * 3_600_000,
        run: async (signal) => {
          const report = await cleanupExpiredSnapshots(runtime.snapshotCleanup, signal);
          const counts = { deleted: report.deleted.length, failed: report.failed.length };
          log.info({ ...report, ...counts }, "snapshot cleanup");
          return report;
        },
      },
      ...gc.tasks,
    ],
    removeSchedulers: gc.removeSchedulers,
    repeatStrategy: wallClockRepeatStrategy,
    // A window pass over a large fleet takes minutes; reconcile and one-off jobs must not wait on it.
    concurrency: 4,
  });
  runtime.redisOutage.watch(maintenance.queue, "maintenance queue");
  runtime.redisOutage.watch(maintenance.worker, "maintenance worker");
  // A window missed while no worker ran is opened or closed now, then everything is reconciled.
  await runtime.gc.jobs.recover(`${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
  const notifications = options.withNotificationLog
    ? startNotificationLog({ connection: runtime.blocking, prefix, queueName: config.queues.notify, log })
    : undefined;

  if (notifications) runtime.redisOutage.watch(notifications, "notification log");

  const workers = [lifecycle, maintenance.worker, ...(notifications ? [notifications] : [])];
  return {
    async close() {
      drain.start();
      await Promise.allSettled([lifecycle.close(), maintenance.close(), notifications?.close()]);
    },
    abort() {
      drain.abortAll();
      // Maintenance passes take BullMQ's own signal; they are claimed and resumable like a crash.
      maintenance.worker.cancelAllJobs("shutdown");
    },
    ready: () => workers.every((worker) => worker.isRunning() && !worker.closing),
  };
}
