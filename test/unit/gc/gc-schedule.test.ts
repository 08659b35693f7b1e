import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultRepeatStrategy } from "bullmq";
import {
  cronPattern,
  firingsBetween,
  gcFirings,
  nextFiringAfter,
  parseCronPattern,
} from "../../../src/commands/gc/gc-schedule.ts";
import {
  DEFAULT_GC_WINDOW,
  type GcWindowConfig,
  windowsAround,
} from "../../../src/commands/schedule/gc-window.ts";
import { wallClockRepeatStrategy } from "../../../src/worker/gc-repeat-strategy.ts";

const NY = "America/New_York";
const iso = (d: Date | number) => new Date(d).toISOString();

describe("the GC window's weekly firings", () => {
  it("follow the procedure by default: reminder Friday 17:00, open Saturday 00:00, close Monday 00:00 (Tokyo)", () => {
    const firings = gcFirings(DEFAULT_GC_WINDOW, { day: "Friday", time: "17:00" });
    assert.deepEqual(
      firings.map((f) => [f.id, cronPattern(f)]),
      [
        ["gc-reminder", "0 17 * * 5"],
        ["gc-open", "0 0 * * 6"],
        ["gc-close", "0 0 * * 1"],
      ],
    );
    assert.deepEqual(parseCronPattern("0 0 * * 6"), { day: "Saturday", time: "00:00" });
    assert.deepEqual(parseCronPattern("30 9 * * *"), { day: undefined, time: "09:30" });
    assert.equal(parseCronPattern("*/5 * * * *"), undefined);
  });

  it("fire exactly when each window opens and closes, once a week, through a year of DST changes", () => {
    const zones = ["Asia/Tokyo", NY, "Europe/London", "Australia/Lord_Howe"];
    for (const timeZone of zones) {
      for (const [openDay, openTime, durationHours] of [
        ["Sunday", "02:30", 24],
        ["Sunday", "01:30", 48],
        ["Saturday", "00:00", 48],
      ] as const) {
        const cfg: GcWindowConfig = { timeZone, openDay, openTime, durationHours };
        const [, open, close] = gcFirings(cfg, { day: "Friday", time: "17:00" });
        const from = new Date("2026-01-01T00:00:00Z");
        const to = new Date("2027-01-01T00:00:00Z");
        const windows = [];
        for (let at = from.getTime(); at < to.getTime() + 14 * 86_400_000; at += 28 * 86_400_000) {
          windows.push(...windowsAround(cfg, new Date(at)));
        }
        const opens = [...new Set(windows.map((w) => w.opensAt.getTime()))].filter(
          (t) => t >= from.getTime() && t < to.getTime(),
        );
        const closes = [...new Set(windows.map((w) => w.closesAt.getTime()))].filter(
          (t) => t >= from.getTime() && t < to.getTime(),
        );
        const label = `${timeZone} ${openDay} ${openTime} ${durationHours} h`;
        assert.deepEqual(
          firingsBetween(open as never, timeZone, from, to).map(iso),
          opens.sort().map(iso),
          label,
        );
        assert.deepEqual(
          firingsBetween(close as never, timeZone, from, to).map(iso),
          closes.sort().map(iso),
          label,
        );
        assert.ok(opens.length >= 52 && opens.length <= 53, label);
      }
    }
  });

  it("spring forward (New York, 2026-03-08): 02:30 does not exist; it fires once, just after the gap", () => {
    const firing = { day: "Sunday" as const, time: "02:30" };
    // Asked before the gap, after it, and from inside the half hour cron-parser gets wrong.
    for (const from of ["2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:29:00Z"]) {
      assert.equal(iso(nextFiringAfter(firing, NY, new Date(from))), "2026-03-08T07:30:00.000Z", from);
    }
    assert.equal(
      iso(nextFiringAfter(firing, NY, new Date("2026-03-08T07:30:00Z"))),
      "2026-03-15T06:30:00.000Z",
    );
  });

  it("fall back (New York, 2026-11-01): 01:30 happens twice; it fires at the first only", () => {
    const firing = { day: "Sunday" as const, time: "01:30" };
    assert.equal(
      iso(nextFiringAfter(firing, NY, new Date("2026-11-01T05:00:00Z"))),
      "2026-11-01T05:30:00.000Z",
    );
    for (const from of ["2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:29:00Z"]) {
      assert.equal(iso(nextFiringAfter(firing, NY, new Date(from))), "2026-11-08T06:30:00.000Z", from);
    }
  });

  it("BullMQ's default cron strategy (cron-parser) double-fires and skips when asked inside a DST change; kura's does not", async () => {
    const fall = { pattern: "30 1 * * 0", tz: NY };
    const spring = { pattern: "30 2 * * 0", tz: NY };
    // From the repeated hour after the first 01:30 (a worker starting then re-writes the scheduler):
    const insideRepeat = Date.parse("2026-11-01T06:00:00Z");
    assert.equal(
      iso((await defaultRepeatStrategy(insideRepeat, fall)) as number),
      "2026-11-01T06:30:00.000Z",
    );
    assert.equal(
      iso((await wallClockRepeatStrategy(insideRepeat, fall)) as number),
      "2026-11-08T06:30:00.000Z",
    );
    // From just after the spring-forward gap, before 02:30 resolved (03:30 EDT):
    const afterGap = Date.parse("2026-03-08T07:00:00Z");
    assert.equal(iso((await defaultRepeatStrategy(afterGap, spring)) as number), "2026-03-15T06:30:00.000Z");
    assert.equal(
      iso((await wallClockRepeatStrategy(afterGap, spring)) as number),
      "2026-03-08T07:30:00.000Z",
    );
    // Asked from before the change, both agree.
    const before = Date.parse("2026-03-07T12:00:00Z");
    assert.equal(await defaultRepeatStrategy(before, spring), await wallClockRepeatStrategy(before, spring));
    // Patterns kura does not write go to BullMQ's own strategy.
    const every5 = { pattern: "*/5 * * * *", tz: NY };
    assert.equal(await wallClockRepeatStrategy(before, every5), await defaultRepeatStrategy(before, every5));
  });
});
