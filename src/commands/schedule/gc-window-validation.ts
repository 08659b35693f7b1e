/**
 * Startup validation of the GC window against the attached backup policy. The procedure's key point:
 * protection must be OFF for the whole of every day the policy runs (the example runs on Wednesday
 * and opens protection only at the weekend), so no scheduled backup is ever taken.
 */
import { DateTime } from "luxon";
import type { PolicySchedule, Weekday } from "../ports/backup-gateway.ts";
import { type GcWindowConfig, gcWindowConfigProblems, windowsAround } from "./gc-window.ts";
import { isExactSchedule, scheduledRunsBetween } from "./policy-runs.ts";
import { addDays, DAY_MS, isValidTimeZone, localDateOf, resolveWallClock, WEEKDAYS } from "./wall-clock.ts";

/**
 * Used when no `now` is given: the check covers the year after it. Fixed, so validation never reads
 * the clock; pass `now` to check against the zone rules in force now.
 */
const REFERENCE_START = new Date("2025-01-01T00:00:00Z");
const WEEKS_CHECKED = 53;

/**
 * Every problem with `cfg` (and with `cfg` together with `policySchedule`, when given), as sentences
 * an operator can act on; an empty list means usable. The policy check walks a year of windows, so
 * zones whose offsets drift apart at DST (a Tokyo window against a New York policy) are caught too.
 */
export function validateGcWindow(cfg: GcWindowConfig, policySchedule?: PolicySchedule, now?: Date): string[] {
  const problems = gcWindowConfigProblems(cfg);
  if (policySchedule === undefined) return problems;
  if (!isValidTimeZone(policySchedule.timeZone)) {
    return [...problems, `The policy's time zone "${policySchedule.timeZone}" is unknown.`];
  }
  if (!isExactSchedule(policySchedule)) {
    problems.push(
      `The policy's schedule (${policySchedule.frequency}) may run every day, so any GC window lets ` +
        "scheduled backups run: attach a weekly policy (the procedure's example runs on Wednesday).",
    );
    return problems;
  }
  if (problems.length > 0) return problems;
  return [...problems, ...runDayOverlaps(cfg, policySchedule, now ?? REFERENCE_START)];
}

function runDayOverlaps(cfg: GcWindowConfig, schedule: PolicySchedule, start: Date): string[] {
  const zone = schedule.timeZone;
  // "Wednesday 10:00" → whether some week's window contains the run itself, not just its day.
  const overlaps = new Map<string, boolean>();
  for (let week = 0; week < WEEKS_CHECKED; week += 4) {
    // windowsAround yields five consecutive weeks; stepping by four overlaps them by one.
    for (const window of windowsAround(cfg, new Date(start.getTime() + week * 7 * DAY_MS))) {
      const opens = window.opensAt.getTime();
      const closes = window.closesAt.getTime();
      const near = scheduledRunsBetween(
        schedule,
        new Date(opens - 2 * DAY_MS),
        new Date(closes + 2 * DAY_MS),
      );
      for (const run of near) {
        const date = localDateOf(run, zone);
        const next = addDays(date, 1);
        const dayStart = resolveWallClock(Date.UTC(date.year, date.month - 1, date.day), zone).getTime();
        const dayEnd = resolveWallClock(Date.UTC(next.year, next.month - 1, next.day), zone).getTime();
        if (dayStart < closes && dayEnd > opens) {
          const key = DateTime.fromJSDate(run, { zone }).setLocale("en").toFormat("cccc HH:mm");
          const inside = run.getTime() >= opens && run.getTime() < closes;
          overlaps.set(key, (overlaps.get(key) ?? false) || inside);
        }
      }
    }
  }
  const window = `The GC window (${cfg.openDay} ${cfg.openTime} for ${cfg.durationHours} h, ${cfg.timeZone})`;
  return [...overlaps].map(
    ([run, inside]) =>
      `${window} ${inside ? "includes" : "overlaps the day of"} the scheduled run on ${run} (${zone}): ` +
      "protection must stay stopped all that day so no scheduled backup runs. " +
      "Move the window or the policy's run day.",
  );
}

const WEEK_MINUTES = 7 * 24 * 60;

function minuteOfWeek(day: Weekday, time: string): number {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  return WEEKDAYS.indexOf(day) * 24 * 60 + hours * 60 + minutes;
}

/**
 * A reminder announces the coming window, so one timed inside the window (e.g. Wednesday 07:03 for a
 * Tuesday 07:05 + 24 h window) finds it already open and is skipped every week: refused at start-up
 * with a time that works (the day before the window opens, at its opening time).
 */
export function reminderProblem(
  cfg: GcWindowConfig,
  reminder: { day: Weekday; time: string },
): string | undefined {
  const opens = minuteOfWeek(cfg.openDay, cfg.openTime);
  const at = minuteOfWeek(reminder.day, reminder.time);
  const sinceOpening = (((at - opens) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  if (sinceOpening >= cfg.durationHours * 60) return undefined;
  const dayBefore = WEEKDAYS[(WEEKDAYS.indexOf(cfg.openDay) + 6) % 7] ?? cfg.openDay;
  return (
    `The GC reminder (${reminder.day} ${reminder.time}) falls inside the GC window (${cfg.openDay} ${cfg.openTime} ` +
    `for ${cfg.durationHours} h), which is already open then, so it would never be sent. ` +
    `Set it before the window opens, e.g. "${dayBefore} ${cfg.openTime}", or "off".`
  );
}
