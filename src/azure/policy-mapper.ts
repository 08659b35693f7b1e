/**
 * A backup policy → its schedule and instant-RP retention, which is what kura needs to keep ad-hoc
 * backups and protection windows clear of the policy's own runs (procedure.md).
 */
import type {
  AzureIaaSVMProtectionPolicy,
  HourlySchedule,
  ProtectionPolicyResource,
  SimpleSchedulePolicy,
  SimpleSchedulePolicyV2,
} from "@azure/arm-recoveryservicesbackup";
import { findIana } from "windows-iana";
import type { BackupPolicy, PolicySchedule, Weekday } from "../commands/ports/backup-gateway.ts";
import { WEEKDAYS } from "../commands/schedule/wall-clock.ts";
import { azureError } from "./azure-errors.ts";

const FREQUENCIES: ReadonlySet<string> = new Set(["Daily", "Weekly", "Hourly"]);

/** Maps an Azure VM policy; throws `AZURE_INVALID_INPUT` for other workloads or unknown time zones. */
export function toBackupPolicy(resource: ProtectionPolicyResource): BackupPolicy {
  const p = resource.properties as Partial<AzureIaaSVMProtectionPolicy> | undefined;
  const name = resource.name ?? "";
  if (p?.backupManagementType !== "AzureIaasVM") {
    throw azureError("AZURE_INVALID_INPUT", `Backup policy ${name} is not an Azure VM policy.`, {
      remedy: "Configure an Azure VM (AzureIaasVM) backup policy for kura.",
    });
  }
  return {
    id: resource.id ?? "",
    name,
    schedule: toSchedule(p.schedulePolicy, p.timeZone, name),
    instantRpRetentionDays: p.instantRpRetentionRangeInDays ?? 2,
  };
}

function toSchedule(
  schedule: AzureIaaSVMProtectionPolicy["schedulePolicy"],
  windowsTimeZone: string | undefined,
  policyName: string,
): PolicySchedule {
  // Azure defaults a policy without `timeZone` to UTC.
  const windows = windowsTimeZone?.trim() || "UTC";
  const timeZone = findIana(windows)[0];
  if (!timeZone) {
    throw azureError("AZURE_INVALID_INPUT", `Backup policy ${policyName} has a time zone kura can't map.`, {
      remedy: "Use a policy whose time zone is a Windows time zone name, such as 'Tokyo Standard Time'.",
    });
  }
  const zone = { windowsTimeZone: windows, timeZone };
  const type = (schedule as { schedulePolicyType?: string } | undefined)?.schedulePolicyType;
  if (type === "SimpleSchedulePolicy") {
    const s = schedule as SimpleSchedulePolicy;
    const frequency = asFrequency(s.scheduleRunFrequency);
    if (frequency === "Hourly")
      return { frequency, days: [...WEEKDAYS], times: hourlyTimes(s.hourlySchedule), ...zone };
    const days = frequency === "Weekly" ? weekdays(s.scheduleRunDays) : [...WEEKDAYS];
    return { frequency, days, times: timesOfDay(s.scheduleRunTimes), ...zone };
  }
  if (type === "SimpleSchedulePolicyV2") {
    const s = schedule as SimpleSchedulePolicyV2;
    const frequency = asFrequency(s.scheduleRunFrequency);
    if (frequency === "Weekly") {
      const w = s.weeklySchedule;
      return {
        frequency,
        days: weekdays(w?.scheduleRunDays),
        times: timesOfDay(w?.scheduleRunTimes),
        ...zone,
      };
    }
    if (frequency === "Daily") {
      return {
        frequency,
        days: [...WEEKDAYS],
        times: timesOfDay(s.dailySchedule?.scheduleRunTimes),
        ...zone,
      };
    }
    if (frequency === "Hourly")
      return { frequency, days: [...WEEKDAYS], times: hourlyTimes(s.hourlySchedule), ...zone };
  }
  return { frequency: "Invalid", days: [], times: [], ...zone };
}

function asFrequency(value: string | undefined): PolicySchedule["frequency"] {
  return value && FREQUENCIES.has(value) ? (value as PolicySchedule["frequency"]) : "Invalid";
}

function weekdays(days: readonly string[] | undefined): Weekday[] {
  return WEEKDAYS.filter((d) => days?.includes(d));
}

/**
 * Run times are date-times whose date part is arbitrary and whose time of day is wall-clock time in
 * the policy's zone, written with a `Z` (ref §2j: `"2018-01-24T10:00:00Z"` means 10:00 in the
 * policy's zone). The SDK turns them into `Date`s, so the UTC fields hold that wall-clock time.
 */
export function timesOfDay(runTimes: readonly (Date | string)[] | undefined): string[] {
  const out = new Set<string>();
  for (const t of runTimes ?? []) {
    const d = t instanceof Date ? t : new Date(t);
    if (!Number.isNaN(d.getTime())) out.add(hhmm(d.getUTCHours(), d.getUTCMinutes()));
  }
  return [...out].sort();
}

/** Every run in an hourly window: start, start + interval, … within the window's duration (hours). */
function hourlyTimes(h: HourlySchedule | undefined): string[] {
  const start = h?.scheduleWindowStartTime;
  const interval = h?.interval ?? 0;
  if (!start || interval <= 0) return timesOfDay(start ? [start] : []);
  const first = new Date(start);
  const minutes = first.getUTCHours() * 60 + first.getUTCMinutes();
  const duration = Math.min(h?.scheduleWindowDuration ?? 24, 24) * 60;
  const out = new Set<string>();
  for (let m = 0; m < duration; m += interval * 60) {
    const t = (minutes + m) % (24 * 60);
    out.add(hhmm(Math.floor(t / 60), t % 60));
  }
  return [...out].sort();
}

function hhmm(h: number, m: number): string {
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}
