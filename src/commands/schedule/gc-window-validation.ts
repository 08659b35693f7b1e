/**
 * Startup validation of the GC window against the attached backup policy. The procedure's key point:
 * protection must be OFF for the whole of every day the policy runs (the example runs on Wednesday
 * and opens protection only at the weekend), so no scheduled backup is ever taken.
 */
import { DateTime } from "luxon";
import type { PolicySchedule } from "../ports/backup-gateway.ts";
import { type GcWindowConfig, gcWindowConfigProblems, windowsAround } from "./gc-window.ts";
import { isExactSchedule, scheduledRunsBetween } from "./policy-runs.ts";
import { addDays, DAY_MS, isValidTimeZone, localDateOf, resolveWallClock } from "./wall-clock.ts";

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
