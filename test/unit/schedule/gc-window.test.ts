import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  currentWindow,
  DEFAULT_GC_WINDOW,
  type GcWindow,
  type GcWindowConfig,
  isWindowOpen,
  lastWindowBefore,
  nextWindow,
} from "../../../src/commands/schedule/gc-window.ts";
import { at } from "./fixtures.ts";

const iso = (w: GcWindow | undefined) =>
  w && { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() };

// Saturday 2024-06-08 00:00 JST → Monday 2024-06-10 00:00 JST.
const JUNE_WEEKEND = { opensAt: "2024-06-07T15:00:00.000Z", closesAt: "2024-06-09T15:00:00.000Z" };

describe("the default window: Saturday 00:00 to Monday 00:00, Asia/Tokyo", () => {
  it("is the procedure's 48 h weekend window", () => {
    assert.deepEqual(
      { ...DEFAULT_GC_WINDOW },
      { timeZone: "Asia/Tokyo", openDay: "Saturday", openTime: "00:00", durationHours: 48 },
    );
  });

  it("opens exactly at Saturday 00:00 JST and closes exactly at Monday 00:00 JST", () => {
    assert.equal(isWindowOpen(DEFAULT_GC_WINDOW, at("2024-06-07T14:59:59.999Z")), false);
    assert.equal(isWindowOpen(DEFAULT_GC_WINDOW, at("2024-06-07T15:00:00Z")), true);
    assert.equal(isWindowOpen(DEFAULT_GC_WINDOW, at("2024-06-09T14:59:59.999Z")), true);
    assert.equal(isWindowOpen(DEFAULT_GC_WINDOW, at("2024-06-09T15:00:00Z")), false);
  });

  it("reports the current window while open, and none on a weekday", () => {
    assert.deepEqual(iso(currentWindow(DEFAULT_GC_WINDOW, at("2024-06-08T12:00:00Z"))), JUNE_WEEKEND);
    assert.equal(currentWindow(DEFAULT_GC_WINDOW, at("2024-06-05T01:00:00Z")), undefined);
  });

  it("finds the next window, which while one is open is the following weekend", () => {
    assert.deepEqual(iso(nextWindow(DEFAULT_GC_WINDOW, at("2024-06-05T01:00:00Z"))), JUNE_WEEKEND);
    assert.deepEqual(iso(nextWindow(DEFAULT_GC_WINDOW, at("2024-06-07T15:00:00Z"))), {
      opensAt: "2024-06-14T15:00:00.000Z",
      closesAt: "2024-06-16T15:00:00.000Z",
    });
  });

  it("finds the last window closed by now, counting one that closes exactly now", () => {
    assert.deepEqual(iso(lastWindowBefore(DEFAULT_GC_WINDOW, at("2024-06-12T00:00:00Z"))), JUNE_WEEKEND);
    assert.deepEqual(iso(lastWindowBefore(DEFAULT_GC_WINDOW, at("2024-06-09T15:00:00Z"))), JUNE_WEEKEND);
    assert.deepEqual(iso(lastWindowBefore(DEFAULT_GC_WINDOW, at("2024-06-09T14:59:59.999Z"))), {
      opensAt: "2024-05-31T15:00:00.000Z",
      closesAt: "2024-06-02T15:00:00.000Z",
    });
  });

  it("refuses a config that validation would reject", () => {
    assert.throws(
      () => isWindowOpen({ ...DEFAULT_GC_WINDOW, timeZone: "Mars/Olympus" }, at("2024-06-08T00:00:00Z")),
      {
        code: "CONFIG_INVALID",
      },
    );
  });
});

describe("a Saturday-to-Monday window in America/New_York across DST", () => {
  const weekend: GcWindowConfig = { ...DEFAULT_GC_WINDOW, timeZone: "America/New_York" };

  it("keeps Monday 00:00 local as the close in spring (47 real hours)", () => {
    assert.deepEqual(iso(currentWindow(weekend, at("2024-03-10T12:00:00Z"))), {
      opensAt: "2024-03-09T05:00:00.000Z",
      closesAt: "2024-03-11T04:00:00.000Z",
    });
  });

  it("keeps Monday 00:00 local as the close in autumn (49 real hours)", () => {
    assert.deepEqual(iso(currentWindow(weekend, at("2024-11-04T04:30:00Z"))), {
      opensAt: "2024-11-02T04:00:00.000Z",
      closesAt: "2024-11-04T05:00:00.000Z",
    });
  });
});

describe("a window opening at a DST-affected time in America/New_York", () => {
  it("opens once, after the gap, when its 02:30 Sunday opening is skipped", () => {
    const cfg: GcWindowConfig = {
      timeZone: "America/New_York",
      openDay: "Sunday",
      openTime: "02:30",
      durationHours: 24,
    };
    assert.equal(isWindowOpen(cfg, at("2024-03-10T07:29:59.999Z")), false);
    const spring = nextWindow(cfg, at("2024-03-04T00:00:00Z"));
    assert.deepEqual(iso(spring), {
      opensAt: "2024-03-10T07:30:00.000Z",
      closesAt: "2024-03-11T06:30:00.000Z",
    });
    assert.deepEqual(iso(nextWindow(cfg, spring.opensAt)), {
      opensAt: "2024-03-17T06:30:00.000Z",
      closesAt: "2024-03-18T06:30:00.000Z",
    });
  });

  it("opens once, at the first 01:30, when fall-back repeats its Sunday opening", () => {
    const cfg: GcWindowConfig = {
      timeZone: "America/New_York",
      openDay: "Sunday",
      openTime: "01:30",
      durationHours: 24,
    };
    const autumn = { opensAt: "2024-11-03T05:30:00.000Z", closesAt: "2024-11-04T06:30:00.000Z" };
    assert.deepEqual(iso(currentWindow(cfg, at("2024-11-03T05:30:00Z"))), autumn);
    // The second 01:30 (EST, 06:30Z) is inside the same window, not a new one.
    assert.deepEqual(iso(currentWindow(cfg, at("2024-11-03T06:30:00Z"))), autumn);
    assert.deepEqual(iso(nextWindow(cfg, at("2024-11-03T06:00:00Z"))), {
      opensAt: "2024-11-10T06:30:00.000Z",
      closesAt: "2024-11-11T06:30:00.000Z",
    });
  });
});
