/** The words of the restore point watch's events: what is wrong, and what to do about it. */
import type { GcWindowOverdueEvent, RpWarningEvent } from "../gc/events.ts";
import type { ProtectedVm } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { GcWindow } from "../schedule/gc-window.ts";
import type { RpForecast } from "../schedule/rp-forecast.ts";

type Stamped<T> = T & { id: string; at: string };

export function warningEvent(
  vm: ProtectedVm,
  forecast: RpForecast,
  window: GcWindow,
  deps: { clock: Clock; settings: { rpLimit: number } },
  key: string,
): Stamped<RpWarningEvent> {
  const limit = deps.settings.rpLimit;
  const parts = [`${vm.vmName} holds ${forecast.count} of ${limit} instant restore points.`];
  if (forecast.level === "limit") parts.push("Azure refuses every backup of it until GC runs.");
  else if (forecast.reachesLimitAt && forecast.beforeNextGc) {
    parts.push(
      `At its recent rate it reaches ${limit} around ${forecast.reachesLimitAt.toISOString()}, ` +
        `before the next GC window can clean it (by ${forecast.gcBy.toISOString()}).`,
    );
  }
  return {
    id: `rp-warning-${key}`,
    at: deps.clock.now().toISOString(),
    type: "rp-warning",
    vmName: vm.vmName,
    count: forecast.count,
    limit,
    level: forecast.level,
    ...(forecast.reachesLimitAt ? { reachesLimitAt: forecast.reachesLimitAt.toISOString() } : {}),
    nextWindowOpensAt: window.opensAt.toISOString(),
    gcBy: forecast.gcBy.toISOString(),
    advice: forecast.advice,
    message: parts.join(" "),
    remedy: remedyFor(forecast, vm.vmName, window),
    ...(forecast.advice === "emergency-window" ? { action: "request-emergency-window" as const } : {}),
  };
}

function remedyFor(forecast: RpForecast, vmName: string, window: GcWindow): string {
  switch (forecast.advice) {
    case "emergency-window":
      return `Open an emergency GC window (\`/backup gc open ${vmName} 48h\`): Azure's GC then runs within 24 h and removes the expired points.`;
    case "wait-for-window":
      return `Wait for the GC window opening ${window.opensAt.toISOString()}; hold further ad-hoc backups of ${vmName} until it has run.`;
    case "lower-retention":
      return "GC will not free enough points in time: shorten the retention of ad-hoc backups (--retain) or the policy's instant restore point retention.";
    default:
      return "No action needed yet.";
  }
}

export function overdueEvent(
  vm: ProtectedVm,
  last: Date | undefined,
  days: number,
  now: Date,
  key: string,
): Stamped<GcWindowOverdueEvent> {
  return {
    id: `gc-overdue-${key}`,
    at: now.toISOString(),
    type: "gc-window-overdue",
    vmName: vm.vmName,
    ...(last ? { lastFullWindowAt: last.toISOString() } : {}),
    days,
    remedy: `Protection of ${vm.vmName} has not been on for a whole GC window in ${days} days, so expired restore points pile up. Check why the weekly window skipped it (kura's logs, the window's summary), or open an emergency window (\`/backup gc open ${vm.vmName} 48h\`).`,
  };
}
