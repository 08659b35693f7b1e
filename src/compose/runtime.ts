import type { Redis } from "ioredis";
import type { ChatService } from "../commands/chat/types.ts";
import type { LifecycleDeps, LifecycleSettings } from "../commands/lifecycle/context.ts";
import { JobWatcher, type JobWatcherSettings } from "../commands/lifecycle/job-watcher.ts";
import { withArmWriteLimit } from "../commands/lifecycle/limited-gateway.ts";
import { ProtectionIntent } from "../commands/lifecycle/protection-intent.ts";
import type { BackupGateway } from "../commands/ports/backup-gateway.ts";
import { type Clock, systemClock } from "../commands/ports/clock.ts";
import type { ComputeGateway } from "../commands/ports/compute-gateway.ts";
import type { ReconcileDeps } from "../commands/reconcile/reconcile-protection.ts";
import { RequestJournal } from "../commands/requests/journal.ts";
import { withRpCheckAfterBackup } from "../commands/rp-watch/after-backup.ts";
import type { SnapshotCleanupDeps } from "../commands/snapshot/cleanup.ts";
import type { SnapshotDeps } from "../commands/snapshot/context.ts";
import { withComputeWriteLimit } from "../commands/snapshot/limited-compute.ts";
import type { KuraConfig } from "../config.ts";
import { BullmqEventSink } from "../store/bullmq-event-sink.ts";
import { BullmqLifecycleQueue } from "../store/bullmq-lifecycle-queue.ts";
import { RedisAuditLog } from "../store/redis-audit-log.ts";
import { createRedisConnection } from "../store/redis-connection.ts";
import { RedisEmergencyWindows } from "../store/redis-emergency-windows.ts";
import { RedisRateLimiter } from "../store/redis-rate-limiter.ts";
import { RedisRequestStore } from "../store/redis-request-store.ts";
import { RedisVmLocks } from "../store/redis-vm-locks.ts";
import { BullmqMaintenanceJobs } from "../worker/gc-jobs.ts";
import { connectAzure } from "./azure.ts";
import { createChat } from "./chat.ts";
import { createGcRuntime, type GcRuntime } from "./gc.ts";

/** Test and benchmark knobs that are not configuration an operator sets. */
export interface RuntimeOverrides {
  clock?: Clock;
  watcher?: Partial<JobWatcherSettings>;
  lifecycle?: Partial<LifecycleSettings>;
}

/** Everything a kura process is made of, wired once from configuration. */
export interface Runtime {
  config: Readonly<KuraConfig>;
  redis: Redis;
  /** For BullMQ workers: `maxRetriesPerRequest: null`. */
  blocking: Redis;
  gateway: BackupGateway;
  journal: RequestJournal;
  queue: BullmqLifecycleQueue;
  events: BullmqEventSink;
  audit: RedisAuditLog;
  locks: RedisVmLocks;
  intent: ProtectionIntent;
  lifecycle: LifecycleDeps;
  reconcile: ReconcileDeps;
  /** The chat core every chat adapter calls. */
  chat: ChatService;
  /** VM power state, disks and snapshots (the disk snapshot alternative). */
  compute: ComputeGateway;
  /** What the worker needs to run approved disk snapshot requests. */
  snapshot: SnapshotDeps;
  /** What the daily snapshot cleanup needs. */
  snapshotCleanup: SnapshotCleanupDeps;
  /** GC window, emergency windows, restore point watch. */
  gc: GcRuntime;
  clock: Clock;
  isManaged(vmName: string): boolean;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Readonly<KuraConfig>,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const azure = await connectAzure(config, clock);
  const redis = createRedisConnection(config.redis.url, { connectionName: "kura" });
  const blocking = createRedisConnection(config.redis.url, {
    role: "blocking",
    connectionName: "kura-worker",
  });
  const prefix = config.redis.prefix;
  const bullPrefix = `${prefix}:bull`;

  const requests = new RedisRequestStore({ redis, prefix });
  const audit = new RedisAuditLog({ redis, prefix });
  const events = new BullmqEventSink({ redis, prefix: bullPrefix, queueName: config.queues.notify });
  const queue = new BullmqLifecycleQueue({ redis, prefix: bullPrefix, queueName: config.queues.lifecycle });
  // Renewed while held, so a short TTL only decides how soon a crashed holder's mutex frees up.
  const locks = new RedisVmLocks({ redis, prefix, protectionTtlMs: 15_000 });
  const limiter = new RedisRateLimiter({
    redis,
    prefix,
    ratePerSecond: config.azure.armWritesPerSecond,
    burst: Math.max(1, Math.floor(config.azure.armWritesPerSecond * 2)),
  });
  const gateway = withArmWriteLimit(azure.gateway, limiter);
  const compute = withComputeWriteLimit(azure.compute, limiter);
  const emergencyStore = new RedisEmergencyWindows({ redis, prefix });
  const gcJobs = new BullmqMaintenanceJobs({
    redis,
    prefix: bullPrefix,
    queueName: config.queues.maintenance,
    clock,
  });
  // Every successful backup also asks for a restore point check of its VM.
  const journal = new RequestJournal({
    requests,
    events: withRpCheckAfterBackup(events, gcJobs),
    audit,
    clock,
  });
  const intent = new ProtectionIntent({
    gcWindow: {
      timeZone: config.gc.timeZone,
      openDay: config.gc.openDay,
      openTime: config.gc.openTime,
      durationHours: config.gc.durationHours,
    },
    locks,
    emergencyWindows: emergencyStore,
  });
  const fallbackPolicyByVault = Object.fromEntries(
    config.vaults.flatMap((vault) => (vault.policy ? [[vault.name, vault.policy]] : [])),
  );
  const watcher = new JobWatcher(gateway, { ...config.worker.watcher, ...overrides.watcher });
  const lifecycle: LifecycleDeps = {
    gateway,
    journal,
    locks,
    intent,
    watcher,
    clock,
    settings: {
      rpLimit: config.preflight.rpLimit,
      rpWarnThreshold: config.preflight.rpWarnThreshold,
      scheduleMargin: {
        beforeMs: config.preflight.scheduleMarginBeforeMinutes * 60_000,
        afterMs: config.preflight.scheduleMarginAfterMinutes * 60_000,
      },
      dailyOnDemandLimit: config.preflight.dailyOnDemandLimit,
      triggerSettleMs: 30_000,
      busyRetryMs: 30_000,
      maxTransientErrors: 8,
      operationPollMs: 2_000,
      fallbackPolicyByVault,
      ...overrides.lifecycle,
    },
  };
  const pattern = config.vmNamePattern ? new RegExp(config.vmNamePattern) : undefined;
  const listed = new Set(config.managedVms.map((name) => name.toLowerCase()));
  const isManaged = (vmName: string) =>
    (listed.size === 0 || listed.has(vmName.toLowerCase())) && (!pattern || pattern.test(vmName));

  const reconcile: ReconcileDeps = {
    gateway,
    locks,
    intent,
    requests,
    audit,
    events,
    clock,
    isManaged,
    fallbackPolicyByVault,
    lifecycles: { gateway, journal, locks, intent, clock, queue },
  };
  const gc = createGcRuntime(config, { ...reconcile, redis, emergencyStore, jobs: gcJobs });
  return {
    config,
    redis,
    blocking,
    gateway,
    journal,
    queue,
    events,
    audit,
    locks,
    intent,
    lifecycle,
    reconcile,
    chat: createChat(config, {
      gateway,
      journal,
      queue,
      audit,
      clock,
      redis,
      isManaged,
      lifecycle: lifecycle.settings,
      compute,
      emergency: gc.emergency,
    }),
    compute,
    snapshot: { gateway, compute, journal, clock, settings: { maxTransientErrors: 8 } },
    snapshotCleanup: { gateway, compute, audit, events, clock },
    gc,
    clock,
    isManaged,
    async close() {
      await queue.queue.close();
      await gcJobs.close();
      await events.close();
      await Promise.allSettled([redis.quit(), blocking.quit()]);
      await azure.close();
    },
  };
}
