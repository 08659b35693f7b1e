/**
 * A policy's schedule in its own time zone: Windows name → IANA (windows-iana), DST-correct arithmetic
 * (luxon). Only the time of day of `scheduleRunTimes` matters (ref §2j, inference), and it is read in the
 * policy's zone. While protection is active, every run fires a scheduled backup job (isUserTriggered false).
 */
import { DateTime } from "luxon";
import { findIana } from "windows-iana";
import { startBackupJob } from "./backup.ts";
import type { Policy } from "./model.ts";
import type { Simulation } from "./simulation.ts";
import { DAY_MS } from "./time.ts";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** The IANA zone for a Windows zone name; throws for names Azure would not accept. */
export function ianaZone(windowsName: string): string {
  const zone = findIana(windowsName)[0];
  if (zone === undefined) throw new RangeError(`unknown Windows time zone '${windowsName}'`);
  return zone;
}

/** The first run strictly after `afterMs`, or undefined for a schedule with no run days. */
export function nextRun(policy: Policy, afterMs: number): number | undefined {
  const start = DateTime.fromMillis(afterMs, { zone: policy.ianaZone }).startOf("day");
  let best: number | undefined;
  for (let d = 0; d <= 7 && best === undefined; d++) {
    const day = start.plus({ days: d });
    const name = WEEKDAYS[day.weekday - 1];
    if (policy.frequency === "Weekly" && !policy.runDays.includes(name as Policy["runDays"][number]))
      continue;
    for (const time of policy.runTimes) {
      const [h, m] = time.split(":").map(Number);
      // luxon moves a wall time that DST skips forward, like Windows schedulers do.
      const at = day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 }).toMillis();
      if (at > afterMs && (best === undefined || at < best)) best = at;
    }
  }
  return best;
}

/** Queues the policy's next run after `afterMs`. */
export function scheduleNextRun(sim: Simulation, policy: Policy, afterMs: number): void {
  const at = nextRun(policy, afterMs);
  if (at !== undefined) sim.schedule(at, { kind: "scheduleRun", policyKey: policy.key, at });
}

export function onScheduleRun(sim: Simulation, policyKey: string, at: number): void {
  const policy = sim.store.policies.get(policyKey);
  if (!policy) return;
  const retentionDays = policy.frequency === "Weekly" ? policy.retentionCount * 7 : policy.retentionCount;
  for (const item of sim.store.itemsByVault.get(policy.vaultKey) ?? []) {
    if (
      item.protectionState !== "Protected" ||
      item.policyName?.toLowerCase() !== policy.name.toLowerCase()
    ) {
      continue;
    }
    startBackupJob(sim, item, { userTriggered: false, expiry: at + retentionDays * DAY_MS });
  }
  scheduleNextRun(sim, policy, at);
}
