/**
 * When a backup policy's schedule fires, as instants. Run times are wall-clock times in the policy's
 * zone; DST gaps and overlaps resolve through {@link resolveWallClock}, so each scheduled time gives
 * exactly one run per day: a skipped 02:30 runs at 03:30 (after the gap), a repeated 01:30 runs at
 * its first occurrence. Two configured times that land on the same instant count once.
 */
import type { PolicySchedule } from "../ports/backup-gateway.ts";
import {
  addDays,
  DAY_MS,
  isoWeekday,
  isWeekday,
  type LocalDate,
  localDateOf,
  parseTimeOfDay,
  requireTimeZone,
  type TimeOfDay,
  weekdayOf,
  zonedInstant,
} from "./wall-clock.ts";

/** Long enough to contain the next run of any weekly schedule, with a DST day to spare. */
const SEARCH_SPAN_MS = 8 * DAY_MS;

interface RunPattern {
  /** ISO weekdays the policy runs on. */
  days: Set<number>;
  times: TimeOfDay[];
  /** False for the conservative every-hour fallback. */
  exact: boolean;
}

const EVERY_DAY = new Set([1, 2, 3, 4, 5, 6, 7]);

/**
 * Daily and weekly schedules run exactly at their times. Anything else is treated as "could run at
 * any hour": Hourly policies (our `PolicySchedule` keeps only the start time, not the interval or
 * the window), `Invalid`, and schedules whose days or times we cannot read. We then assume a run
 * every hour, on every day, at each listed minute (`:00` if none) — a superset of any Azure hourly
 * schedule, whose intervals are whole hours from the start time. Being wrong this way only makes
 * kura refuse or delay an ad-hoc backup; being wrong the other way would collide with a real run.
 */
function runPattern(schedule: PolicySchedule): RunPattern {
  const times = schedule.times.map(parseTimeOfDay);
  const readable = times.length > 0 && times.every((time) => time !== undefined);
  if (readable && schedule.frequency === "Daily") {
    return { days: EVERY_DAY, times: times as TimeOfDay[], exact: true };
  }
  if (
    readable &&
    schedule.frequency === "Weekly" &&
    schedule.days.length > 0 &&
    schedule.days.every(isWeekday)
  ) {
    return { days: new Set(schedule.days.map(isoWeekday)), times: times as TimeOfDay[], exact: true };
  }
  const minutes = new Set(times.map((time) => time?.minute ?? 0));
  const hourly: TimeOfDay[] = [];
  for (let hour = 0; hour < 24; hour++) {
    for (const minute of minutes) hourly.push({ hour, minute });
  }
  return { days: EVERY_DAY, times: hourly, exact: false };
}

/** True when the schedule is Daily or Weekly with readable days and times (no hourly fallback). */
export function isExactSchedule(schedule: PolicySchedule): boolean {
  return runPattern(schedule).exact;
}

/**
 * Every run in the half-open range `[from, to)`, ascending, each instant once. Half-open so that
 * adjacent ranges never count a run twice.
 */
export function scheduledRunsBetween(schedule: PolicySchedule, from: Date, to: Date): Date[] {
  requireTimeZone(schedule.timeZone, "Backup policy schedule");
  if (to.getTime() <= from.getTime()) return [];
  const pattern = runPattern(schedule);
  // A local date can start up to a day before or after its UTC date; scan one extra day each side.
  let date: LocalDate = addDays(localDateOf(from, schedule.timeZone), -1);
  const last = addDays(localDateOf(to, schedule.timeZone), 1);
  const found = new Set<number>();
  while (naiveDay(date) <= naiveDay(last)) {
    if (pattern.days.has(weekdayOf(date))) {
      for (const time of pattern.times) {
        const run = zonedInstant(date, time, schedule.timeZone).getTime();
        if (run >= from.getTime() && run < to.getTime()) found.add(run);
      }
    }
    date = addDays(date, 1);
  }
  return [...found].sort((a, b) => a - b).map((ms) => new Date(ms));
}

/** The first run strictly after `after`, or undefined if the schedule has none within 8 days. */
export function nextScheduledRun(schedule: PolicySchedule, after: Date): Date | undefined {
  const from = new Date(after.getTime() + 1);
  return scheduledRunsBetween(schedule, from, new Date(from.getTime() + SEARCH_SPAN_MS))[0];
}

/** The last run strictly before `before`, or undefined if the schedule has none within 8 days. */
export function previousScheduledRun(schedule: PolicySchedule, before: Date): Date | undefined {
  return scheduledRunsBetween(schedule, new Date(before.getTime() - SEARCH_SPAN_MS), before).at(-1);
}

function naiveDay(date: LocalDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}
