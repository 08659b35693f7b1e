/**
 * Redis memory stays bounded: finished jobs, delivered events and idempotency keys go away per the
 * retention settings (`KURA_KEEP_*`; requests and the audit trail: history-retention.test.ts). Small
 * settings, then the state is checked (no timings asserted).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { KuraEvent } from "../../../src/commands/ports/events.ts";
import { loadConfig } from "../../../src/config.ts";
import { BullmqEventSink } from "../../../src/store/bullmq-event-sink.ts";
import { BullmqLifecycleQueue } from "../../../src/store/bullmq-lifecycle-queue.ts";
import { BullmqMaintenanceJobs } from "../../../src/store/bullmq-maintenance-jobs.ts";
import { RedisIdempotency } from "../../../src/store/redis-idempotency.ts";
import { RedisRpCheckBacklog } from "../../../src/store/redis-rp-check-backlog.ts";
import { useRedis } from "../../helpers/redis.ts";

function approved(n: number): KuraEvent {
  return {
    id: `req-${n}:2:approved`,
    at: "2026-03-01T09:01:00.000Z",
    type: "approved",
    requestId: `req-${n}`,
    vmName: "web-01",
    version: 2,
    conversation: { platform: "slack", channelId: "C1", messageRef: "1700000000.000100" },
    by: { platform: "slack", id: "U2" },
  };
}

/** Runs a worker on `queueName` until `done` holds, then closes it. */
async function drain(
  options: {
    queueName: string;
    prefix: string;
    connection: Redis;
  },
  done: () => Promise<boolean>,
): Promise<void> {
  const worker = new Worker(options.queueName, async () => "ok", {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 1,
  });
  try {
    while (!(await done())) await sleep(20);
  } finally {
    await worker.close();
  }
}

describe("Redis retention settings", () => {
  // Their defaults are asserted with every other setting's in test/unit/config.test.ts.
  test("the settings are read from the environment", () => {
    const set = loadConfig({
      KURA_KEEP_FINISHED_JOBS_HOURS: "2",
      KURA_KEEP_EVENTS: "10",
      KURA_KEEP_MAINTENANCE_JOBS: "10",
      KURA_KEEP_IDEMPOTENCY_HOURS: "1",
      KURA_KEEP_CONSOLE_HISTORY: "50",
      KURA_KEEP_REQUESTS_DAYS: "30",
      KURA_KEEP_AUDIT_DAYS: "30",
    }).retention;
    assert.deepEqual(set, {
      finishedJobsHours: 2,
      events: 10,
      maintenanceJobs: 10,
      idempotencyHours: 1,
      consoleHistory: 50,
      requestsDays: 30,
      auditDays: 30,
    });
  });

  test("the audit trail must be kept at least as long as requests, so a kept request keeps its audit", () => {
    assert.throws(
      () => loadConfig({ KURA_KEEP_REQUESTS_DAYS: "400" }),
      (error: Error) => {
        assert.match(error.message, /KURA_KEEP_AUDIT_DAYS/);
        assert.match(error.message, /at least KURA_KEEP_REQUESTS_DAYS/);
        assert.match(error.message, /Set KURA_KEEP_AUDIT_DAYS to at least 400/);
        return true;
      },
    );
    assert.equal(
      loadConfig({ KURA_KEEP_REQUESTS_DAYS: "400", KURA_KEEP_AUDIT_DAYS: "400" }).retention.auditDays,
      400,
    );
  });

  test("delivered notification jobs beyond KURA_KEEP_EVENTS are removed, the newest kept", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const keep = loadConfig({ KURA_KEEP_EVENTS: "10" }).retention.events;
    const options = { prefix: `${prefix}:bull`, queueName: "notifications" };
    const sink = new BullmqEventSink({ redis, ...options, platforms: [], keepCompleted: keep });
    onCleanup(() => sink.close());
    for (let n = 1; n <= 25; n++) await sink.emit(approved(n));
    await drain(
      { ...options, connection: connect("blocking") },
      async () => (await sink.queue.getWaitingCount()) === 0,
    );
    await drain(
      { ...options, connection: connect("blocking") },
      async () => (await sink.queue.getActiveCount()) === 0,
    );
    assert.equal(await sink.queue.getCompletedCount(), keep);
    const kept = (await sink.queue.getCompleted()).map((job) => job.data.id).sort();
    assert.deepEqual(kept, Array.from({ length: 10 }, (_, i) => `req-${i + 16}:2:approved`).sort());
  });

  test("a finished lifecycle job older than its retention is removed when the next one finishes", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const options = { prefix: `${prefix}:bull`, queueName: "lifecycle" };
    // The setting is in hours; the queue takes seconds, so one second stands in for it here.
    const queue = new BullmqLifecycleQueue({ redis, ...options, keepFinishedSeconds: 1 });
    onCleanup(() => queue.close());
    await queue.enqueue("req-old");
    await drain(
      { ...options, connection: connect("blocking") },
      async () => (await queue.jobState("req-old")) === "finished",
    );
    // BullMQ drops finished jobs by age when another job finishes; let req-old outgrow its second.
    await sleep(1_100);
    await queue.enqueue("req-new");
    await drain(
      { ...options, connection: connect("blocking") },
      async () => (await queue.jobState("req-new")) === "finished",
    );
    assert.equal(await queue.jobState("req-old"), "missing");
    assert.equal(await queue.jobState("req-new"), "finished");
    assert.deepEqual((await queue.queue.getJob("req-new"))?.opts.removeOnComplete, { age: 1 });
  });

  test("finished maintenance jobs beyond KURA_KEEP_MAINTENANCE_JOBS are removed", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const keep = loadConfig({ KURA_KEEP_MAINTENANCE_JOBS: "10" }).retention.maintenanceJobs;
    const options = { prefix: `${prefix}:bull`, queueName: "maintenance" };
    const jobs = new BullmqMaintenanceJobs({
      redis,
      ...options,
      clock: { now: () => new Date() },
      keep,
      backlog: new RedisRpCheckBacklog({ redis, prefix }),
    });
    onCleanup(() => jobs.close());
    // Checks of VMs whose vault is not known: one job each.
    for (let n = 1; n <= 15; n++) await jobs.checkRestorePoints({ vmName: `web-${n}` }, `web-${n}`);
    await drain(
      { ...options, connection: connect("blocking") },
      async () =>
        (await jobs.queue.getCompletedCount()) === keep && (await jobs.queue.getWaitingCount()) === 0,
    );
    assert.equal(await jobs.queue.getCompletedCount(), keep);
  });

  test("an idempotency key lives as long as its TTL, then is gone and the key may be claimed again", async (t) => {
    const { redis, prefix } = useRedis(t);
    const store = new RedisIdempotency({ redis, prefix });
    const ttlMs = loadConfig({ KURA_KEEP_IDEMPOTENCY_HOURS: "1" }).retention.idempotencyHours * 3_600_000;
    assert.equal(await store.claim("slack:trigger-1", ttlMs), true);
    assert.equal(await store.claim("slack:trigger-1", ttlMs), false);
    const left = await redis.pttl(`${prefix}:idem:slack:trigger-1`);
    assert.ok(left > 0 && left <= 3_600_000, `PTTL ${left}`);
    // A short TTL shows the key really goes: gone once it has passed, claimable again.
    assert.equal(await store.claim("slack:trigger-2", 30), true);
    while ((await redis.exists(`${prefix}:idem:slack:trigger-2`)) === 1) await sleep(10);
    assert.equal(await store.claim("slack:trigger-2", 30), true);
  });
});
