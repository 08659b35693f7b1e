import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_RP_WARN_AT,
  forecastRestorePoints,
  isNearLimit,
  type RestorePointSample,
  RP_COLLECTION_LIMIT,
  type RpForecastInput,
  rpLevel,
  wouldExceedLimit,
} from "../../../src/commands/schedule/rp-forecast.ts";
import { at } from "./fixtures.ts";

const DAY = 86_400_000;
const NOW = at("2024-06-05T03:00:00Z"); // Wednesday 12:00 JST
const NEXT_WINDOW = at("2024-06-07T15:00:00Z"); // Saturday 00:00 JST; worst-case GC a day later

/** `count` daily points, the newest yesterday, whose instant tier expires `retentionDays` after it. */
function points(count: number, retentionDays: number): RestorePointSample[] {
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(NOW.getTime() - (i + 1) * DAY);
    return { time, expiry: new Date(time.getTime() + retentionDays * DAY) };
  });
}

function forecast(input: Partial<RpForecastInput> & Pick<RpForecastInput, "restorePoints">) {
  const result = forecastRestorePoints({
    now: NOW,
    adHocPerDay: 0,
    nextWindowOpensAt: NEXT_WINDOW,
    ...input,
  });
  return { ...result, gcBy: result.gcBy.toISOString(), reachesLimitAt: result.reachesLimitAt?.toISOString() };
}

describe("preflight helpers", () => {
  it("refuses at 18 and warns from 15", () => {
    assert.equal(RP_COLLECTION_LIMIT, 18);
    assert.equal(DEFAULT_RP_WARN_AT, 15);
    assert.equal(wouldExceedLimit(17), false);
    assert.equal(wouldExceedLimit(18), true);
    assert.equal(wouldExceedLimit(5, 5), true);
    assert.equal(isNearLimit(14), false);
    assert.equal(isNearLimit(15), true);
    assert.deepEqual(
      [14, 15, 17, 18, 19].map((n) => rpLevel(n)),
      ["ok", "warn", "warn", "limit", "limit"],
    );
  });
});

describe("forecastRestorePoints", () => {
  it("is calm with a few points and no ad-hoc backups", () => {
    assert.deepEqual(forecast({ restorePoints: points(3, 2) }), {
      count: 3,
      headroom: 15,
      level: "ok",
      reachesLimitAt: undefined,
      gcBy: "2024-06-08T15:00:00.000Z",
      beforeNextGc: false,
      advice: "none",
    });
  });

  it("waits for the window when a stopped VM has piled up expired points", () => {
    // 16 daily points kept 2 days each: 14 expired long ago but stay until GC runs.
    assert.deepEqual(forecast({ restorePoints: points(16, 2), adHocPerDay: 0.5 }), {
      count: 16,
      headroom: 2,
      level: "warn",
      reachesLimitAt: "2024-06-09T03:00:00.000Z",
      gcBy: "2024-06-08T15:00:00.000Z",
      beforeNextGc: false,
      advice: "wait-for-window",
    });
  });

  it("advises an emergency window when 18 comes before the weekend's GC", () => {
    // 15 points (warn), 2 backups a day: 18 after 1.5 days, Thursday 24:00 JST, before Sunday's GC.
    assert.deepEqual(forecast({ restorePoints: points(15, 2), adHocPerDay: 2 }), {
      count: 15,
      headroom: 3,
      level: "warn",
      reachesLimitAt: "2024-06-06T15:00:00.000Z",
      gcBy: "2024-06-08T15:00:00.000Z",
      beforeNextGc: true,
      advice: "emergency-window",
    });
  });

  it("advises an emergency window at the limit when GC would free points", () => {
    const result = forecast({ restorePoints: points(18, 5), adHocPerDay: 1 });
    assert.equal(result.level, "limit");
    assert.equal(result.headroom, 0);
    assert.equal(result.reachesLimitAt, NOW.toISOString());
    assert.equal(result.beforeNextGc, true);
    assert.equal(result.advice, "emergency-window");
  });

  it("advises lower retention when nothing would expire in time for GC to help", () => {
    // 18 points kept 30 days: GC, however early, frees nothing.
    assert.equal(forecast({ restorePoints: points(18, 30) }).advice, "lower-retention");
    // 15 points kept 30 days: still 15 after the weekend's GC.
    assert.equal(forecast({ restorePoints: points(15, 30), adHocPerDay: 0.1 }).advice, "lower-retention");
  });

  it("treats a point with no known expiry as staying", () => {
    const unknown = points(16, 2).map((p) => ({ ...p, expiry: undefined }));
    assert.equal(forecast({ restorePoints: unknown }).advice, "lower-retention");
  });

  it("honours a custom limit and threshold, and rejects a bad rate", () => {
    const result = forecast({ restorePoints: points(8, 2), limit: 10, warnAt: 8 });
    assert.deepEqual([result.level, result.headroom, result.advice], ["warn", 2, "wait-for-window"]);
    assert.throws(() => forecast({ restorePoints: [], adHocPerDay: -1 }), RangeError);
  });
});
