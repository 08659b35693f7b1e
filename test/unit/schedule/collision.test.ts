import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicySchedule } from "../../../src/commands/ports/backup-gateway.ts";
import {
  checkScheduleCollision,
  DEFAULT_COLLISION_MARGIN,
} from "../../../src/commands/schedule/collision.ts";
import { at, newYorkWeekly, TOKYO_WEDNESDAY_10 } from "./fixtures.ts";

const HOUR = 3_600_000;

/** The result with instants as ISO strings, for one exact comparison. */
function check(schedule: PolicySchedule, now: string, margin = DEFAULT_COLLISION_MARGIN) {
  const result = checkScheduleCollision({ schedule, now: at(now), margin });
  if (!result.collides) return result;
  return {
    collides: true,
    scheduledRun: result.scheduledRun.toISOString(),
    nextSafeTime: result.nextSafeTime?.toISOString(),
  };
}

describe("collision with the Tokyo Wednesday 10:00 run (01:00Z), margins 2 h before / 3 h after", () => {
  it("defaults to 2 h before and 3 h after", () => {
    assert.deepEqual({ ...DEFAULT_COLLISION_MARGIN }, { beforeMs: 2 * HOUR, afterMs: 3 * HOUR });
    assert.deepEqual(
      checkScheduleCollision({ schedule: TOKYO_WEDNESDAY_10, now: at("2024-06-05T01:00:00Z") }),
      {
        collides: true,
        scheduledRun: at("2024-06-05T01:00:00Z"),
        nextSafeTime: at("2024-06-05T04:00:00.001Z"),
      },
    );
  });

  it("is clear just before the guard opens (07:59:59.999 JST)", () => {
    assert.deepEqual(check(TOKYO_WEDNESDAY_10, "2024-06-04T22:59:59.999Z"), { collides: false });
  });

  it("collides from 08:00 JST, at the run, and up to 13:00 JST inclusive", () => {
    const expected = {
      collides: true,
      scheduledRun: "2024-06-05T01:00:00.000Z",
      nextSafeTime: "2024-06-05T04:00:00.001Z",
    };
    for (const now of ["2024-06-04T23:00:00Z", "2024-06-05T01:00:00Z", "2024-06-05T04:00:00Z"]) {
      assert.deepEqual(check(TOKYO_WEDNESDAY_10, now), expected, now);
    }
  });

  it("is clear again from the next safe time", () => {
    assert.deepEqual(check(TOKYO_WEDNESDAY_10, "2024-06-05T04:00:00.001Z"), { collides: false });
    assert.deepEqual(check(TOKYO_WEDNESDAY_10, "2024-06-07T00:00:00Z"), { collides: false });
  });

  it("skips past a second run whose guard starts before the first one ends", () => {
    const twice: PolicySchedule = { ...TOKYO_WEDNESDAY_10, frequency: "Daily", times: ["10:00", "14:00"] };
    // 10:30 JST: the 10:00 guard ends 13:00, but the 14:00 guard (12:00–17:00) is already open.
    assert.deepEqual(check(twice, "2024-06-05T01:30:00Z"), {
      collides: true,
      scheduledRun: "2024-06-05T01:00:00.000Z",
      nextSafeTime: "2024-06-05T08:00:00.001Z",
    });
  });

  it("uses the margins given", () => {
    const margin = { beforeMs: 0, afterMs: 0 };
    assert.deepEqual(check(TOKYO_WEDNESDAY_10, "2024-06-05T00:59:59.999Z", margin), { collides: false });
    assert.deepEqual(check(TOKYO_WEDNESDAY_10, "2024-06-05T01:00:00Z", margin), {
      collides: true,
      scheduledRun: "2024-06-05T01:00:00.000Z",
      nextSafeTime: "2024-06-05T01:00:00.001Z",
    });
    assert.throws(
      () => check(TOKYO_WEDNESDAY_10, "2024-06-05T01:00:00Z", { beforeMs: -1, afterMs: 0 }),
      RangeError,
    );
  });

  it("never finds a safe time under an Hourly policy", () => {
    const hourly: PolicySchedule = { ...TOKYO_WEDNESDAY_10, frequency: "Hourly", times: ["08:00"] };
    assert.deepEqual(check(hourly, "2024-06-05T01:30:00Z"), {
      collides: true,
      scheduledRun: "2024-06-04T23:00:00.000Z",
      nextSafeTime: undefined,
    });
  });
});

describe("collision across New York's spring-forward gap", () => {
  // Sunday 02:30 does not exist on 2024-03-10; the run is at 03:30 EDT (07:30Z).
  const schedule = newYorkWeekly(["Sunday"], ["02:30"]);

  it("guards the one resolved run, not a phantom 02:30", () => {
    assert.deepEqual(check(schedule, "2024-03-10T05:29:59.999Z"), { collides: false });
    assert.deepEqual(check(schedule, "2024-03-10T05:30:00Z"), {
      collides: true,
      scheduledRun: "2024-03-10T07:30:00.000Z",
      nextSafeTime: "2024-03-10T10:30:00.001Z",
    });
  });
});
