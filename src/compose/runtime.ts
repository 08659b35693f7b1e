import type { ChatService } from "../commands/chat/types.ts";
import type { LifecycleDeps, LifecycleSettings } from "../commands/lifecycle/context.ts";
import { JobWatcher, type JobWatcherSettings } from "../commands/lifecycle/job-watcher.ts";
import { ProtectionIntent } from "../commands/lifecycle/protection-intent.ts";
import type { BackupGateway } from "../commands/ports/backup-gateway.ts";
import { type Clock, systemClock } from "../commands/ports/clock.ts";
import type { ComputeGateway } from "../commands/ports/compute-gateway.ts";
import type { ReconcileDeps } from "../commands/reconcile/reconcile-protection.ts";
import { RequestJournal } from "../commands/requests/journal.ts";
import { withRpCheckAfterBackup } from "../commands/rp-watch/after-backup.ts";
import type { SnapshotCleanupDeps } from "../commands/snapshot/cleanup.ts";
import type { SnapshotDeps } from "../commands/snapshot/context.ts";
import type { KuraConfig } from "../config.ts";
import { createLogger, type Logger } from "../log.ts";
import { BullmqEventSink } from "../store/bullmq-event-sink.ts";
import { BullmqLifecycleQueue } from "../store/bullmq-lifecycle-queue.ts";
import { BullmqMaintenanceJobs } from "../store/bullmq-maintenance-jobs.ts";
import { RedisArmBudget } from "../store/redis-arm-budget.ts";
import { RedisAuditLog } from "../store/redis-audit-log.ts";
import type { RedisClient } from "../store/redis-connection.ts";
import { createRedisConnection, describeRedisUrl, keyspaceNodes } from "../store/redis-connection.ts";
import { RedisEmergencyWindows } from "../store/redis-emergency-windows.ts";
import { RedisEventOutbox } from "../store/redis-event-outbox.ts";
import { RedisOutageLog } from "../store/redis-outage.ts";
import { RedisRequestStore } from "../store/redis-request-store.ts";
import { RedisRpCheckBacklog } from "../store/redis-rp-check-backlog.ts";
import { RedisVmLocks } from "../store/redis-vm-locks.ts";
import { connectAzure } from "./azure.ts";
import { createChat } from "./chat.ts";
import { createGcRuntime, type GcRuntime } from "./gc.ts";
import { configuredPlatforms } from "./platforms.ts";
import { reportingRestorePoints, TelemetryRelay } from "./telemetry.ts";

/** Test and benchmark knobs that are not configuration an operator sets. */
export interface RuntimeOverrides {
  clock?: Clock;
  watcher?: Partial<JobWatcherSettings>;
  lifecycle?: Partial<LifecycleSettings>;
  /** The chat platforms events are routed to, instead of the configured ones (a test's extra platform). */
  platforms?: readonly string[];
  /** Where Redis errors are reported. @defaultValue a logger at `config.log.level` */
  log?: Logger;
  /** How long a vault's restore point check after a backup waits for more backups to cover. */
  rpCheckDelayMs?: number;
}

/** Everything a kura process is made of, wired once from configuration. */
export interface Runtime {
  config: Readonly<KuraConfig>;
  /** Where ARM answers: Azure, an emulator named by AZURE_ARM_ENDPOINT, or the embedded demo one. */
  armEndpoint: string;
  /** True when the embedded emulator's demo world runs (kura's keys were reset to agree with it). */
  demo: boolean;
  redis: RedisClient;
  /** For BullMQ workers: `maxRetriesPerRequest: null`. */
  blocking: RedisClient;
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
  /** What adapters report (Azure calls, steps, decisions, restore points); metrics subscribe to it. */
  telemetry: TelemetryRelay;
  clock: Clock;
  /**
   * Redis errors, once per outage, through the logger. Every ioredis connection and BullMQ
   * Queue/Worker/QueueEvents a process creates goes through it: `redisOutage.watch(worker, "name")`.
   */
  redisOutage: RedisOutageLog;
  isManaged(vmName: string): boolean;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Readonly<KuraConfig>,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const telemetry = new TelemetryRelay();
  const log = overrides.log ?? createLogger({ level: config.log.level, name: "kura" });
  const redisOutage = new RedisOutageLog({
    log,
    target: describeRedisUrl(config.redis.url),
  });
  const redis = redisOutage.connection(
    createRedisConnection(config.redis.url, { connectionName: "kura", cluster: config.redis.cluster }),
    "command connection",
  );
  const blocking = redisOutage.connection(
    createRedisConnection(config.redis.url, {
      role: "blocking",
      connectionName: "kura-worker",
      cluster: config.redis.cluster,
    }),
    "worker connection",
  );
  const prefix = config.redis.prefix;
  // ARM's buckets per subscription (ref §5: reads 250 / 25 per s, writes 200 / 10 per s), shared by
  // every process through Redis and paced by ARM's own remaining-count headers (src/azure/client.ts).
  const budget = new RedisArmBudget({
    redis,
    prefix,
    reads: { burst: 250, perSecond: 25 },
    writes: { burst: 200, perSecond: config.azure.armWritesPerSecond },
    reservePercent: config.azure.armReservePercent,
  });
  const azure = await connectAzure(config, clock, telemetry, budget);
  // The demo world starts afresh every time, so kura's demo keys do too: Redis and the world agree.
  if (azure.demo) await resetDemoKeys(redis, prefix, log);
  const bullPrefix = `${prefix}:bull`;

  const requests = new RedisRequestStore({ redis, prefix });
  // A `once` marker lives as long as the audit entry it guards (trimmed by the worker's prune-history).
  const audit = new RedisAuditLog({ redis, prefix, onceKeepDays: config.retention.auditDays });
  const events = new BullmqEventSink({
    redis,
    prefix: bullPrefix,
    queueName: config.queues.notify,
    platforms: overrides.platforms ?? configuredPlatforms(config),
    keepCompleted: config.retention.events,
  });
  const queue = new BullmqLifecycleQueue({
    redis,
    prefix: bullPrefix,
    queueName: config.queues.lifecycle,
    keepFinishedSeconds: config.retention.finishedJobsHours * 3600,
  });
  // Renewed while held, so a short TTL only decides how soon a crashed holder's mutex frees up.
  const locks = new RedisVmLocks({ redis, prefix, protectionTtlMs: 15_000 });
  const gateway = reportingRestorePoints(azure.gateway, telemetry);
  const compute = azure.compute;
  const emergencyStore = new RedisEmergencyWindows({ redis, prefix });
  const gcJobs = new BullmqMaintenanceJobs({
    redis,
    prefix: bullPrefix,
    queueName: config.queues.maintenance,
    clock,
    keep: config.retention.maintenanceJobs,
    backlog: new RedisRpCheckBacklog({ redis, prefix }),
    ...(overrides.rpCheckDelayMs === undefined ? {} : { rpCheckDelayMs: overrides.rpCheckDelayMs }),
  });
  // Every successful backup also asks for a restore point check of its VM.
  const journal = new RequestJournal({
    requests,
    events: withRpCheckAfterBackup(events, gcJobs, requests),
    // Transitions write their event with the state; the worker's `relay-outbox` task emits leftovers.
    outbox: new RedisEventOutbox({ redis, prefix }),
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
  redisOutage.watch(queue.queue, "lifecycle queue");
  redisOutage.watch(events.queue, "notification queue");
  for (const platform of overrides.platforms ?? configuredPlatforms(config)) {
    redisOutage.watch(events.queueFor(platform), `${platform} notification queue`);
  }
  redisOutage.watch(gcJobs.queue, "maintenance queue");
  return {
    config,
    armEndpoint: azure.endpoint,
    demo: azure.demo === true,
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
    telemetry,
    clock,
    redisOutage,
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

/** Removes every key under `prefix:` (SCAN + UNLINK on every node), and says so once. */
async function resetDemoKeys(redis: RedisClient, prefix: string, log: Logger): Promise<void> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}:*`;
  let removed = 0;
  for (const node of keyspaceNodes(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 500);
      cursor = next;
      // One key per UNLINK: on a cluster, a multi-key UNLINK must not span slots.
      if (keys.length > 0)
        removed += (await Promise.all(keys.map((key) => node.unlink(key)))).reduce((a, b) => a + b, 0);
    } while (cursor !== "0");
  }
  log.info(
    { code: "demo-reset", prefix, removed },
    `demo mode: the emulator's world starts afresh, so kura's keys under "${prefix}:" were reset with it`,
  );
}
