/**
 * The weekly GC window: the hours each week when kura keeps every managed VM's protection ON, so that
 * Azure's garbage collection runs (it only runs while protection is active, some time within 24 h of
 * it becoming active) and expired restore points leave the collection before it hits its limit of 18.
 *
 * The window is wall-clock: it opens at `openTime` on `openDay` in `timeZone` and lasts
 * `durationHours` of wall-clock time, so Sat 00:00 + 48 h closes at Mon 00:00 local even across a DST
 * change (then 47 or 49 real hours). Operators think in local days ("the weekend"), and a window that
 * drifted by an hour twice a year could start overlapping a day it must not touch. Open and close
 * times that a DST change skips or repeats resolve as in {@link resolveWallClock}.
 * A window is half-open: open at `opensAt`, closed again at `closesAt`.
 */
import { KuraError } from "../errors.ts";
import type { Weekday } from "../ports/backup-gateway.ts";
import {
  addDays,
  HOUR_MS,
  isoWeekday,
  isValidTimeZone,
  isWeekday,
  localDateOf,
  naiveMs,
  parseTimeOfDay,
  resolveWallClock,
  weekdayOf,
} from "./wall-clock.ts";

export interface GcWindowConfig {
  /** IANA zone the day and time are read in. @defaultValue `"Asia/Tokyo"` */
  timeZone: string;
  /** @defaultValue `"Saturday"` */
  openDay: Weekday;
  /** `HH:mm`, 24-hour. @defaultValue `"00:00"` */
  openTime: string;
  /** Wall-clock hours; at least 24 (GC's delay), less than a week. @defaultValue 48 */
  durationHours: number;
}

/** The procedure's example: protection on from Saturday 00:00 to Monday 00:00 (48 h), Japan time. */
export const DEFAULT_GC_WINDOW: Readonly<GcWindowConfig> = Object.freeze({
  timeZone: "Asia/Tokyo",
  openDay: "Saturday",
  openTime: "00:00",
  durationHours: 48,
});

/** GC runs within this long of protection becoming active, so a shorter window may miss it. */
export const MIN_WINDOW_HOURS = 24;
/** The window must close before it reopens a week later, or protection would never stop. */
export const MAX_WINDOW_HOURS = 7 * 24;

export interface GcWindow {
  opensAt: Date;
  closesAt: Date;
}

/** Problems with the config on its own (no policy), as human sentences; empty when usable. */
export function gcWindowConfigProblems(cfg: GcWindowConfig): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(cfg.timeZone)) {
    problems.push(`Unknown time zone "${cfg.timeZone}": use an IANA name such as "Asia/Tokyo".`);
  }
  if (!isWeekday(cfg.openDay)) {
    problems.push(`Opening day "${cfg.openDay}" is not a weekday: use a name such as "Saturday".`);
  }
  if (parseTimeOfDay(cfg.openTime) === undefined) {
    problems.push(`Opening time "${cfg.openTime}" is not a 24-hour HH:mm time such as "00:00".`);
  }
  if (!Number.isFinite(cfg.durationHours) || cfg.durationHours < MIN_WINDOW_HOURS) {
    problems.push(
      `A ${cfg.durationHours} h window is too short: GC runs some time within 24 h of protection ` +
        `being enabled, so the window must last at least ${MIN_WINDOW_HOURS} h (48 h recommended).`,
    );
  } else if (cfg.durationHours >= MAX_WINDOW_HOURS) {
    problems.push(
      `A ${cfg.durationHours} h window never closes: it must close before it reopens a week later ` +
        `(less than ${MAX_WINDOW_HOURS} h), or protection stays on and the weekly scheduled backup runs.`,
    );
  }
  return problems;
}

function requireUsable(cfg: GcWindowConfig): void {
  const problems = gcWindowConfigProblems(cfg);
  if (problems.length > 0) {
    throw new KuraError("CONFIG_INVALID", `GC window: ${problems.join(" ")}`, {
      remedy: "Fix the GC window settings; validateGcWindow lists every problem.",
    });
  }
}

/**
 * The windows opening in the weeks around `now`, ascending: the last opening day on or before
 * now's local date, two weeks either side. Windows last under a week, so this always holds the
 * current, next and last-closed windows.
 */
export function windowsAround(cfg: GcWindowConfig, now: Date): GcWindow[] {
  requireUsable(cfg);
  const time = parseTimeOfDay(cfg.openTime) ?? { hour: 0, minute: 0 };
  const today = localDateOf(now, cfg.timeZone);
  const back = (weekdayOf(today) - isoWeekday(cfg.openDay) + 7) % 7;
  const lastOpenDay = addDays(today, -back);
  const windows: GcWindow[] = [];
  for (let week = -2; week <= 2; week++) {
    const open = naiveMs(addDays(lastOpenDay, 7 * week), time);
    windows.push({
      opensAt: resolveWallClock(open, cfg.timeZone),
      closesAt: resolveWallClock(open + cfg.durationHours * HOUR_MS, cfg.timeZone),
    });
  }
  return windows;
}

/** The window open at `now` (`opensAt ≤ now < closesAt`), if any. */
export function currentWindow(cfg: GcWindowConfig, now: Date): GcWindow | undefined {
  const at = now.getTime();
  return windowsAround(cfg, now).find((w) => w.opensAt.getTime() <= at && at < w.closesAt.getTime());
}

export function isWindowOpen(cfg: GcWindowConfig, now: Date): boolean {
  return currentWindow(cfg, now) !== undefined;
}

/** The first window opening strictly after `now` (while a window is open, the one after it). */
export function nextWindow(cfg: GcWindowConfig, now: Date): GcWindow {
  const next = windowsAround(cfg, now).find((w) => w.opensAt.getTime() > now.getTime());
  // Unreachable for a usable config: the list reaches two weeks past the last opening day.
  if (next === undefined) throw new Error("No GC window ahead; windowsAround is too narrow");
  return next;
}

/** The latest window that had closed by `now` (`closesAt ≤ now`). */
export function lastWindowBefore(cfg: GcWindowConfig, now: Date): GcWindow {
  const last = windowsAround(cfg, now)
    .filter((w) => w.closesAt.getTime() <= now.getTime())
    .at(-1);
  if (last === undefined) throw new Error("No GC window behind; windowsAround is too narrow");
  return last;
}
