/**
 * The weekly moments the GC window's jobs fire — reminder, open, close — as wall-clock times in the
 * window's zone, their cron patterns (for BullMQ's job schedulers), and the instant each fires next.
 *
 * The instants come from the same {@link resolveWallClock} rule as the window itself, so a job fires
 * exactly when `currentWindow` changes, once per week, across DST: a time a spring-forward skips fires
 * just after the gap, a time a fall-back repeats fires at its first occurrence. (cron-parser agrees
 * when asked from before the change, but asked from inside the repeated hour it fires the repeat, and
 * asked from just after the gap it skips the week; test/unit/gc/gc-schedule.test.ts shows both.)
 */

import type { Weekday } from "../ports/backup-gateway.ts";
import type { MaintenanceJobName } from "../ports/queues.ts";
import type { GcWindowConfig } from "../schedule/gc-window.ts";
import {
  addDays,
  isoWeekday,
  localDateOf,
  naiveMs,
  parseTimeOfDay,
  resolveWallClock,
  WEEKDAYS,
  weekdayOf,
} from "../schedule/wall-clock.ts";

/** Job scheduler ids (and job names) of the window's jobs. */
/** The weekly firings are maintenance jobs of these names (src/commands/ports/queues.ts). */
export type GcFiringId = Extract<MaintenanceJobName, "gc-reminder" | "gc-open" | "gc-close">;

/** A weekly (`day` set) or daily (`day` undefined) wall-clock time. */
export interface WallClockFiring {
  day: Weekday | undefined;
  /** `HH:mm`. */
  time: string;
}

export interface GcFiring extends WallClockFiring {
  id: GcFiringId;
}

/** Reminder (unless off), open and close, for a usable window config. */
export function gcFirings(
  cfg: GcWindowConfig,
  reminder: { day: Weekday; time: string } | undefined,
): GcFiring[] {
  const open = parseTimeOfDay(cfg.openTime) ?? { hour: 0, minute: 0 };
  // The close is `durationHours` of wall-clock time after the open, like the window itself.
  const closeNaive = new Date(Date.UTC(2024, 0, isoWeekday(cfg.openDay), open.hour, open.minute));
  closeNaive.setUTCHours(closeNaive.getUTCHours() + cfg.durationHours);
  const closeDay = WEEKDAYS[closeNaive.getUTCDay()] as Weekday; // 2024-01-01 is a Monday
  const closeTime = `${pad(closeNaive.getUTCHours())}:${pad(closeNaive.getUTCMinutes())}`;
  const firings: GcFiring[] = [];
  if (reminder) firings.push({ id: "gc-reminder", day: reminder.day, time: reminder.time });
  firings.push({ id: "gc-open", day: cfg.openDay, time: cfg.openTime });
  firings.push({ id: "gc-close", day: closeDay, time: closeTime });
  return firings;
}

/** `m h * * dow` (dow 0 = Sunday), or `m h * * *` for a daily firing. */
export function cronPattern(firing: WallClockFiring): string {
  const time = parseTimeOfDay(firing.time);
  if (!time) throw new RangeError(`Not an HH:mm time: ${firing.time}`);
  const dow = firing.day === undefined ? "*" : String(WEEKDAYS.indexOf(firing.day));
  return `${time.minute} ${time.hour} * * ${dow}`;
}

/** Reads back a pattern written by {@link cronPattern}; undefined for any other cron expression. */
export function parseCronPattern(pattern: string): WallClockFiring | undefined {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-6])$/.exec(pattern.trim());
  if (!match) return undefined;
  const [minute, hour] = [Number(match[1]), Number(match[2])];
  if (minute > 59 || hour > 23) return undefined;
  const day = match[3] === "*" ? undefined : WEEKDAYS[Number(match[3])];
  return { day, time: `${pad(hour)}:${pad(minute)}` };
}

/** The first instant strictly after `after` at which the firing's wall-clock time occurs in `zone`. */
export function nextFiringAfter(firing: WallClockFiring, zone: string, after: Date): Date {
  const time = parseTimeOfDay(firing.time);
  if (!time) throw new RangeError(`Not an HH:mm time: ${firing.time}`);
  const wanted = firing.day === undefined ? undefined : isoWeekday(firing.day);
  // Start a day early: the local date of `after` may be a day ahead of the firing's instant.
  let date = addDays(localDateOf(after, zone), -1);
  for (let i = 0; i < 10; i++, date = addDays(date, 1)) {
    if (wanted !== undefined && weekdayOf(date) !== wanted) continue;
    const at = resolveWallClock(naiveMs(date, time), zone);
    if (at.getTime() > after.getTime()) return at;
  }
  // Unreachable: ten consecutive days always hold a later occurrence.
  throw new Error(`No firing of ${firing.day ?? "daily"} ${firing.time} after ${after.toISOString()}`);
}

/** Every firing in `[from, to)`, ascending (for tests and the benchmark). */
export function firingsBetween(firing: WallClockFiring, zone: string, from: Date, to: Date): Date[] {
  const found: Date[] = [];
  let at = nextFiringAfter(firing, zone, new Date(from.getTime() - 1));
  while (at.getTime() < to.getTime()) {
    found.push(at);
    at = nextFiringAfter(firing, zone, at);
  }
  return found;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
