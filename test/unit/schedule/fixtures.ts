/** Schedules shared by the schedule tests; instants in assertions are always written as ISO strings. */
import type { PolicySchedule, Weekday } from "../../../src/commands/ports/backup-gateway.ts";

/** The procedure's example: a weekly policy on Wednesday, here at 10:00 Japan time (01:00Z). */
export const TOKYO_WEDNESDAY_10: PolicySchedule = {
  frequency: "Weekly",
  days: ["Wednesday"],
  times: ["10:00"],
  windowsTimeZone: "Tokyo Standard Time",
  timeZone: "Asia/Tokyo",
};

/** A weekly New York policy; 2024's DST changes fall on Sundays, 03-10 (gap) and 11-03 (overlap). */
export function newYorkWeekly(days: Weekday[], times: string[]): PolicySchedule {
  return {
    frequency: "Weekly",
    days,
    times,
    windowsTimeZone: "Eastern Standard Time",
    timeZone: "America/New_York",
  };
}

export const at = (iso: string): Date => new Date(iso);
export const isos = (dates: readonly Date[]): string[] => dates.map((d) => d.toISOString());
