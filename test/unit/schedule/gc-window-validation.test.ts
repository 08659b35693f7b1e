import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicySchedule } from "../../../src/commands/ports/backup-gateway.ts";
import { DEFAULT_GC_WINDOW } from "../../../src/commands/schedule/gc-window.ts";
import { validateGcWindow } from "../../../src/commands/schedule/gc-window-validation.ts";
import { newYorkWeekly, TOKYO_WEDNESDAY_10 } from "./fixtures.ts";

const RUN_DAY_ADVICE =
  "protection must stay stopped all that day so no scheduled backup runs. Move the window or the policy's run day.";

describe("validateGcWindow", () => {
  it("accepts the procedure's setup: a weekend window and a Wednesday policy", () => {
    assert.deepEqual(validateGcWindow(DEFAULT_GC_WINDOW), []);
    assert.deepEqual(validateGcWindow(DEFAULT_GC_WINDOW, TOKYO_WEDNESDAY_10), []);
  });

  it("rejects a window that includes Wednesday's run", () => {
    assert.deepEqual(validateGcWindow({ ...DEFAULT_GC_WINDOW, openDay: "Tuesday" }, TOKYO_WEDNESDAY_10), [
      "The GC window (Tuesday 00:00 for 48 h, Asia/Tokyo) includes the scheduled run on Wednesday 10:00 " +
        `(Asia/Tokyo): ${RUN_DAY_ADVICE}`,
    ]);
  });

  it("rejects a window that touches the run day even when it misses the run time", () => {
    // Tuesday 09:00 for 24 h closes at Wednesday 09:00 JST, an hour before the run, but on its day.
    const cfg = { ...DEFAULT_GC_WINDOW, openDay: "Tuesday" as const, openTime: "09:00", durationHours: 24 };
    assert.deepEqual(validateGcWindow(cfg, TOKYO_WEDNESDAY_10), [
      "The GC window (Tuesday 09:00 for 24 h, Asia/Tokyo) overlaps the day of the scheduled run on " +
        `Wednesday 10:00 (Asia/Tokyo): ${RUN_DAY_ADVICE}`,
    ]);
  });

  it("accepts a window that closes exactly as the run day begins", () => {
    const mondayRun: PolicySchedule = { ...TOKYO_WEDNESDAY_10, days: ["Monday"] };
    assert.deepEqual(validateGcWindow(DEFAULT_GC_WINDOW, mondayRun), []);
  });

  it("compares across zones and DST: a Friday New York policy against a Tokyo weekend", () => {
    // Friday 09:00 in New York is Friday 22:00 JST in summer, 23:00 in winter: outside the window,
    // but New York's Friday runs until Saturday 13:00/14:00 JST, inside it.
    assert.deepEqual(validateGcWindow(DEFAULT_GC_WINDOW, newYorkWeekly(["Friday"], ["09:00"])), [
      "The GC window (Saturday 00:00 for 48 h, Asia/Tokyo) overlaps the day of the scheduled run on " +
        `Friday 09:00 (America/New_York): ${RUN_DAY_ADVICE}`,
    ]);
  });

  it("lists every problem with the config itself", () => {
    assert.deepEqual(
      validateGcWindow(
        { timeZone: "Mars/Olympus", openDay: "Saturday", openTime: "24:00", durationHours: 12 },
        TOKYO_WEDNESDAY_10,
      ),
      [
        'Unknown time zone "Mars/Olympus": use an IANA name such as "Asia/Tokyo".',
        'Opening time "24:00" is not a 24-hour HH:mm time such as "00:00".',
        "A 12 h window is too short: GC runs some time within 24 h of protection being enabled, " +
          "so the window must last at least 24 h (48 h recommended).",
      ],
    );
  });

  it("rejects a window that would never close, and an unknown weekday", () => {
    assert.deepEqual(
      validateGcWindow({ ...DEFAULT_GC_WINDOW, durationHours: 168, openDay: "Sat" as "Saturday" }),
      [
        'Opening day "Sat" is not a weekday: use a name such as "Saturday".',
        "A 168 h window never closes: it must close before it reopens a week later (less than 168 h), " +
          "or protection stays on and the weekly scheduled backup runs.",
      ],
    );
  });

  it("rejects an Hourly policy, which runs every day", () => {
    assert.deepEqual(validateGcWindow(DEFAULT_GC_WINDOW, { ...TOKYO_WEDNESDAY_10, frequency: "Hourly" }), [
      "The policy's schedule (Hourly) may run every day, so any GC window lets scheduled backups run: " +
        "attach a weekly policy (the procedure's example runs on Wednesday).",
    ]);
  });

  it("rejects a policy in an unknown zone", () => {
    assert.deepEqual(
      validateGcWindow(DEFAULT_GC_WINDOW, { ...TOKYO_WEDNESDAY_10, timeZone: "Mars/Olympus" }),
      ['The policy\'s time zone "Mars/Olympus" is unknown.'],
    );
  });
});
