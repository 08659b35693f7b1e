/**
 * DST, through the real boundaries: BullMQ job schedulers on real Redis (the next firing BullMQ
 * stores when a worker rewrites the scheduler inside a DST change), and window passes on the
 * emulator in America/New_York on the spring-forward and fall-back nights.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it, mock } from "node:test";
import { Queue, type RepeatStrategy } from "bullmq";
import { wallClockRepeatStrategy } from "../../../src/worker/gc-repeat-strategy.ts";
import { useRedis } from "../../helpers/redis.ts";
import { finalSummaries, recoveryDone, startGcStack, statesOf } from "./gc-helpers.ts";

const NY_SUNDAY = (time: string) => ({
  KURA_GC_TIMEZONE: "America/New_York",
  KURA_GC_OPEN_DAY: "Sunday",
  KURA_GC_OPEN_TIME: time,
  KURA_GC_DURATION_HOURS: "24",
});

/** The next firing BullMQ stores when a scheduler is (re)written at `nowIso`. */
async function nextStored(
  redis: ReturnType<typeof useRedis>,
  strategy: RepeatStrategy | undefined,
  pattern: string,
  nowIso: string,
): Promise<string> {
  const queue = new Queue(`dst-${randomBytes(3).toString("hex")}`, {
    connection: redis.redis,
    prefix: `${redis.prefix}:bull`,
    ...(strategy ? { settings: { repeatStrategy: strategy } } : {}),
  });
  redis.onCleanup(() => queue.close());
  mock.timers.enable({ apis: ["Date"], now: Date.parse(nowIso) });
  try {
    await queue.upsertJobScheduler("gc-open", { pattern, tz: "America/New_York" }, { name: "gc-open" });
  } finally {
    mock.timers.reset();
  }
  const scheduler = await queue.getJobScheduler("gc-open");
  return new Date(Number(scheduler?.next)).toISOString();
}

describe("DST never makes a GC job fire twice or skip", () => {
  it("BullMQ stores kura's firing when a worker rewrites the scheduler inside a DST change", async (t) => {
    const redis = useRedis(t);
    // Fall back: 01:30 fired at 05:30Z; a worker starting at 06:00Z (01:00 EST, the hour again).
    assert.equal(
      await nextStored(redis, undefined, "30 1 * * 0", "2026-11-01T06:00:00Z"),
      "2026-11-01T06:30:00.000Z",
      "cron-parser alone: a second firing the same night",
    );
    assert.equal(
      await nextStored(redis, wallClockRepeatStrategy, "30 1 * * 0", "2026-11-01T06:00:00Z"),
      "2026-11-08T06:30:00.000Z",
    );
    // Spring forward: 02:30 does not exist on 2026-03-08; a worker starting at 07:00Z (03:00 EDT).
    assert.equal(
      await nextStored(redis, undefined, "30 2 * * 0", "2026-03-08T07:00:00Z"),
      "2026-03-15T06:30:00.000Z",
      "cron-parser alone: this week's opening skipped",
    );
    assert.equal(
      await nextStored(redis, wallClockRepeatStrategy, "30 2 * * 0", "2026-03-08T07:00:00Z"),
      "2026-03-08T07:30:00.000Z",
    );
  });

  it("spring forward: a window opening at 02:30 (which does not exist) opens once, just after the gap", async (t) => {
    const stack = await startGcStack(t, { start: "2026-03-08T06:00:00.000Z", env: NY_SUNDAY("02:30") });
    await stack.startWorker();
    await recoveryDone(stack);
    await stack.travelTo("2026-03-08T07:10:00.000Z"); // 03:10 EDT: a naive "02:30 has passed" would open now
    assert.deepEqual(await stack.fire("gc-open"), { kind: "skipped", reason: "window-not-open" });
    await stack.travelTo("2026-03-08T07:31:00.000Z"); // 03:31 EDT = 02:31 read in EST: open
    const opened = (await stack.fire("gc-open")) as { kind: string; summaryId: string };
    assert.equal(opened.summaryId, "gc-open-2026-03-08T07:30:00.000Z");
    assert.equal((await statesOf(stack))["web-01"], "Protected");
    const summaries = await finalSummaries(stack.runtime);
    assert.equal(summaries.length, 1);
  });

  it("fall back: a window opening at 01:30 (which happens twice) opens at the first and ignores the repeat", async (t) => {
    const stack = await startGcStack(t, { start: "2026-11-01T05:00:00.000Z", env: NY_SUNDAY("01:30") });
    await stack.startWorker();
    await recoveryDone(stack);
    await stack.travelTo("2026-11-01T05:31:00.000Z"); // 01:31 EDT
    const opened = (await stack.fire("gc-open")) as { kind: string; summaryId: string };
    assert.deepEqual([opened.kind, opened.summaryId], ["done", "gc-open-2026-11-01T05:30:00.000Z"]);
    await stack.travelTo("2026-11-01T06:31:00.000Z"); // 01:31 EST: where a cron double-fire would land
    await stack.maintenance.add("gc-open", {}, { jobId: "duplicate-firing" });
    assert.deepEqual(await stack.runNow("duplicate-firing"), { kind: "skipped", reason: "done" });
    assert.equal((await finalSummaries(stack.runtime)).length, 1, "one summary for the window");
    // The close: Monday 01:30 EST, 24 wall-clock hours (25 real ones) later.
    await stack.travelTo("2026-11-02T06:31:00.000Z");
    const closed = (await stack.fire("gc-close")) as { kind: string; summaryId: string };
    assert.deepEqual([closed.kind, closed.summaryId], ["done", "gc-close-2026-11-01T05:30:00.000Z"]);
    assert.equal((await statesOf(stack))["web-01"], "ProtectionStopped");
  });
});
