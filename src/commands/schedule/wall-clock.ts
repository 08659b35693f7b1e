/**
 * Wall-clock arithmetic shared by the schedule modules: policy run times and the GC window are written
 * as local times in an IANA zone, while kura compares instants. Everything here is pure.
 *
 * The one rule that matters is {@link resolveWallClock}: how a local time that a DST change skips or
 * repeats becomes exactly one instant. Every schedule module goes through it, so a run or a window can
 * never be counted twice or skipped.
 */
import { DateTime, IANAZone } from "luxon";
import { KuraError } from "../errors.ts";
import type { Weekday } from "../ports/backup-gateway.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Sunday first, as Azure lists days; index is not ISO (use {@link isoWeekday}). */
export const WEEKDAYS: readonly Weekday[] = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];

/** A calendar date with no zone attached. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Parses a strict 24-hour `HH:mm` (two digits each, as Azure and our config write it). */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

export function isWeekday(value: unknown): value is Weekday {
  return typeof value === "string" && (WEEKDAYS as readonly string[]).includes(value);
}

/** ISO weekday: Monday 1 … Sunday 7 (luxon's numbering). */
export function isoWeekday(day: Weekday): number {
  return WEEKDAYS.indexOf(day) || 7;
}

export function isValidTimeZone(zone: string): boolean {
  let valid = checkedZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (checkedZones.size < 1_000) checkedZones.set(zone, valid);
  }
  return valid;
}

/**
 * Luxon checks a zone by building an `Intl.DateTimeFormat` each time, and every protection decision
 * re-validates the GC window's zone: 100 lifecycles starting at once spent a quarter of a second of
 * CPU there. A zone's validity does not change while the process runs.
 */
const checkedZones = new Map<string, boolean>();

/** Throws `CONFIG_INVALID` for a zone luxon cannot resolve; validation should have caught it first. */
export function requireTimeZone(zone: string, what: string): void {
  if (!isValidTimeZone(zone)) {
    throw new KuraError("CONFIG_INVALID", `${what}: unknown time zone "${zone}"`, {
      remedy: 'Use an IANA time zone name such as "Asia/Tokyo".',
    });
  }
}

/** The calendar date an instant falls on in `zone`. */
export function localDateOf(instant: Date, zone: string): LocalDate {
  const local = DateTime.fromJSDate(instant, { zone });
  return { year: local.year, month: local.month, day: local.day };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
}

/**
 * A local date and time as milliseconds "as if the zone were UTC". Adding hours to this number is
 * wall-clock arithmetic (Sat 00:00 + 48 h is Mon 00:00 whatever DST does in between).
 */
export function naiveMs(date: LocalDate, time: TimeOfDay): number {
  return Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
}

function offsetMs(zone: string, epochMs: number): number {
  return IANAZone.create(zone).offset(epochMs) * 60_000;
}

/**
 * The instant a wall-clock time (given as {@link naiveMs}) denotes in `zone`, always exactly one:
 * - repeated time (fall-back overlap, e.g. 01:30 on 2024-11-03 in America/New_York): the FIRST
 *   occurrence (01:30 EDT, 05:30Z). Luxon alone would pick the second, so we resolve it ourselves.
 * - skipped time (spring-forward gap, e.g. 02:30 on 2024-03-10 in America/New_York): the time read
 *   with the offset in force before the gap, which lands after it (02:30 EST = 03:30 EDT, 07:30Z).
 * Both follow RFC 5545 (iCalendar) and Temporal's default `"compatible"` disambiguation, which is
 * what schedulers commonly do: a skipped job runs as soon as its wall-clock time has passed.
 * Offsets are sampled a day either side, so zones with two transitions within a day are not handled.
 */
export function resolveWallClock(naive: number, zone: string): Date {
  const before = offsetMs(zone, naive - DAY_MS);
  const after = offsetMs(zone, naive + DAY_MS);
  const valid = [before, after]
    .map((offset) => naive - offset)
    .filter((instant) => naive - offsetMs(zone, instant) === instant);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(naive - before);
}

/** The instant `time` on `date` denotes in `zone` (see {@link resolveWallClock}). */
export function zonedInstant(date: LocalDate, time: TimeOfDay, zone: string): Date {
  return resolveWallClock(naiveMs(date, time), zone);
}

export { DAY_MS, HOUR_MS };
