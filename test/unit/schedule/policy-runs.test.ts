import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicySchedule } from "../../../src/commands/ports/backup-gateway.ts";
import {
  isExactSchedule,
  nextScheduledRun,
  previousScheduledRun,
  scheduledRunsBetween,
} from "../../../src/commands/schedule/policy-runs.ts";
import { at, isos, newYorkWeekly, TOKYO_WEDNESDAY_10 } from "./fixtures.ts";

describe("a weekly Tokyo policy on Wednesday 10:00", () => {
  it("runs next on Wednesday at 10:00 JST", () => {
    // Monday 2024-06-03 09:00 JST.
    assert.equal(
      nextScheduledRun(TOKYO_WEDNESDAY_10, at("2024-06-03T00:00:00Z"))?.toISOString(),
      "2024-06-05T01:00:00.000Z",
    );
    assert.equal(
      previousScheduledRun(TOKYO_WEDNESDAY_10, at("2024-06-03T00:00:00Z"))?.toISOString(),
      "2024-05-29T01:00:00.000Z",
    );
  });

  it("treats next as strictly after and previous as strictly before", () => {
    const run = at("2024-06-05T01:00:00Z");
    assert.equal(nextScheduledRun(TOKYO_WEDNESDAY_10, run)?.toISOString(), "2024-06-12T01:00:00.000Z");
    assert.equal(previousScheduledRun(TOKYO_WEDNESDAY_10, run)?.toISOString(), "2024-05-29T01:00:00.000Z");
    assert.equal(
      previousScheduledRun(TOKYO_WEDNESDAY_10, at("2024-06-05T01:00:00.001Z"))?.toISOString(),
      "2024-06-05T01:00:00.000Z",
    );
  });

  it("lists runs in a half-open range, so adjacent ranges never share one", () => {
    assert.deepEqual(
      isos(scheduledRunsBetween(TOKYO_WEDNESDAY_10, at("2024-05-01T01:00:00Z"), at("2024-05-29T01:00:00Z"))),
      [
        "2024-05-01T01:00:00.000Z",
        "2024-05-08T01:00:00.000Z",
        "2024-05-15T01:00:00.000Z",
        "2024-05-22T01:00:00.000Z",
      ],
    );
    assert.deepEqual(
      scheduledRunsBetween(TOKYO_WEDNESDAY_10, at("2024-06-01T00:00:00Z"), at("2024-06-01T00:00:00Z")),
      [],
    );
  });
});

describe("DST in America/New_York", () => {
  it("runs a 02:30 Sunday policy once on spring-forward day, at 03:30 EDT", () => {
    const runs = scheduledRunsBetween(
      newYorkWeekly(["Sunday"], ["02:30"]),
      at("2024-03-01T00:00:00Z"),
      at("2024-03-20T00:00:00Z"),
    );
    assert.deepEqual(isos(runs), [
      "2024-03-03T07:30:00.000Z",
      "2024-03-10T07:30:00.000Z",
      "2024-03-17T06:30:00.000Z",
    ]);
  });

  it("runs a 01:30 Sunday policy once on fall-back day, at the first 01:30 (EDT)", () => {
    const schedule = newYorkWeekly(["Sunday"], ["01:30"]);
    const runs = scheduledRunsBetween(schedule, at("2024-10-25T00:00:00Z"), at("2024-11-12T00:00:00Z"));
    assert.deepEqual(isos(runs), [
      "2024-10-27T05:30:00.000Z",
      "2024-11-03T05:30:00.000Z",
      "2024-11-10T06:30:00.000Z",
    ]);
    // The second 01:30 (EST, 06:30Z) is not another run.
    assert.equal(
      nextScheduledRun(schedule, at("2024-11-03T05:30:00Z"))?.toISOString(),
      "2024-11-10T06:30:00.000Z",
    );
    assert.equal(
      previousScheduledRun(schedule, at("2024-11-03T07:00:00Z"))?.toISOString(),
      "2024-11-03T05:30:00.000Z",
    );
  });

  it("counts two configured times that the gap folds onto one instant once", () => {
    const daily: PolicySchedule = { ...newYorkWeekly([], ["02:30", "03:30"]), frequency: "Daily" };
    const runs = scheduledRunsBetween(daily, at("2024-03-10T05:00:00Z"), at("2024-03-11T05:00:00Z"));
    assert.deepEqual(isos(runs), ["2024-03-10T07:30:00.000Z"]);
  });
});

describe("schedules kura cannot read exactly", () => {
  it("runs a Daily policy every day whatever its days say", () => {
    const daily: PolicySchedule = { ...TOKYO_WEDNESDAY_10, frequency: "Daily" };
    assert.equal(isExactSchedule(daily), true);
    assert.equal(
      nextScheduledRun(daily, at("2024-06-05T01:00:00Z"))?.toISOString(),
      "2024-06-06T01:00:00.000Z",
    );
  });

  it("assumes an Hourly policy runs every hour at its minute", () => {
    const hourly: PolicySchedule = { ...TOKYO_WEDNESDAY_10, frequency: "Hourly", times: ["08:30"] };
    assert.equal(isExactSchedule(hourly), false);
    assert.equal(
      nextScheduledRun(hourly, at("2024-06-03T00:00:00Z"))?.toISOString(),
      "2024-06-03T00:30:00.000Z",
    );
    assert.equal(
      scheduledRunsBetween(hourly, at("2024-06-03T00:00:00Z"), at("2024-06-04T00:00:00Z")).length,
      24,
    );
  });

  it("treats Invalid, unreadable times and unknown days the same conservative way", () => {
    for (const odd of [
      { ...TOKYO_WEDNESDAY_10, frequency: "Invalid" as const },
      { ...TOKYO_WEDNESDAY_10, times: ["10am"] },
      { ...TOKYO_WEDNESDAY_10, days: [] },
      { ...TOKYO_WEDNESDAY_10, days: ["Wed" as "Wednesday"] },
    ]) {
      assert.equal(isExactSchedule(odd), false);
      assert.equal(
        nextScheduledRun(odd, at("2024-06-03T00:10:00Z"))?.toISOString(),
        "2024-06-03T01:00:00.000Z",
      );
    }
  });

  it("refuses an unknown time zone", () => {
    assert.throws(
      () => nextScheduledRun({ ...TOKYO_WEDNESDAY_10, timeZone: "Mars/Olympus" }, at("2024-06-03T00:00:00Z")),
      {
        code: "CONFIG_INVALID",
      },
    );
  });
});
