import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isoWeekday, parseTimeOfDay, resolveWallClock } from "../../../src/commands/schedule/wall-clock.ts";

const NY = "America/New_York";

describe("resolveWallClock", () => {
  it("maps an ordinary local time to its one instant", () => {
    assert.equal(
      resolveWallClock(Date.UTC(2024, 5, 5, 10, 0), "Asia/Tokyo").toISOString(),
      "2024-06-05T01:00:00.000Z",
    );
  });

  it("moves a time skipped by spring-forward past the gap (02:30 EST = 03:30 EDT)", () => {
    assert.equal(
      resolveWallClock(Date.UTC(2024, 2, 10, 2, 30), NY).toISOString(),
      "2024-03-10T07:30:00.000Z",
    );
  });

  it("takes the first occurrence of a time repeated by fall-back (01:30 EDT)", () => {
    assert.equal(
      resolveWallClock(Date.UTC(2024, 10, 3, 1, 30), NY).toISOString(),
      "2024-11-03T05:30:00.000Z",
    );
  });

  it("leaves the edges of the transitions alone", () => {
    assert.equal(resolveWallClock(Date.UTC(2024, 2, 10, 3, 0), NY).toISOString(), "2024-03-10T07:00:00.000Z");
    assert.equal(resolveWallClock(Date.UTC(2024, 10, 3, 2, 0), NY).toISOString(), "2024-11-03T07:00:00.000Z");
  });
});

describe("parseTimeOfDay", () => {
  it("reads strict 24-hour HH:mm only", () => {
    assert.deepEqual(parseTimeOfDay("00:00"), { hour: 0, minute: 0 });
    assert.deepEqual(parseTimeOfDay("23:59"), { hour: 23, minute: 59 });
    for (const bad of ["24:00", "9:00", "10:60", "10:00:00", "", "ten"]) {
      assert.equal(parseTimeOfDay(bad), undefined, bad);
    }
  });
});

describe("isoWeekday", () => {
  it("numbers Monday 1 to Sunday 7", () => {
    assert.equal(isoWeekday("Monday"), 1);
    assert.equal(isoWeekday("Sunday"), 7);
  });
});
