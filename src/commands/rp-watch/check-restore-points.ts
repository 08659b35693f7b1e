/**
 * The restore point watch: for each managed VM, how full its restore point collection is, when it
 * will be full at its recent ad-hoc rate, and whether that comes before the next GC window cleans
 * it. Runs daily and after each backup; warns (`rp-warning`) with what to do, and flags VMs whose
 * last full GC window is too long ago (`gc-window-overdue`).
 */

import { fanOut } from "../gc/fan-out.ts";
import type { GcState } from "../gc/ports.ts";
import { vmKeyOf } from "../lifecycle/checkpoint.ts";
import type { BackupGateway, ProtectedVm, RecoveryPoint, VaultRef } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventSink } from "../ports/events.ts";
import { currentWindow, type GcWindowConfig, nextWindow } from "../schedule/gc-window.ts";
import { forecastRestorePoints, type RpForecast } from "../schedule/rp-forecast.ts";
import { DAY_MS, localDateOf } from "../schedule/wall-clock.ts";
import { overdueEvent, warningEvent } from "./warnings.ts";

export interface RpWatchDeps {
  gateway: BackupGateway;
  events: EventSink;
  clock: Clock;
  state: GcState;
  gcWindow: GcWindowConfig;
  isManaged(vmName: string): boolean;
  settings: {
    rpLimit: number;
    rpWarnThreshold: number;
    /** Days since a VM's last full GC window before it is flagged. */
    overdueAfterDays: number;
    /** Days of backup jobs the ad-hoc rate is measured over. @defaultValue 14 */
    rateWindowDays?: number;
  };
}

export interface RpWatchReport {
  checked: number;
  warned: string[];
  overdue: string[];
  failures: { vmName: string; message: string }[];
}

/** Reads per VM at once: the read bucket (25/s) is shared with everything else kura does. */
const READ_CONCURRENCY = 8;

/**
 * Which VMs a run checks: every managed VM (the daily watch), or only the `vmNames` given (the checks
 * after backups), listed from one `vault` only when it is given.
 */
export interface RpWatchScope {
  vmNames?: readonly string[];
  vault?: VaultRef;
}

export async function watchRestorePoints(
  deps: RpWatchDeps,
  options: RpWatchScope = {},
  signal?: AbortSignal,
): Promise<RpWatchReport> {
  const now = deps.clock.now();
  const wanted = options.vmNames && new Set(options.vmNames.map((name) => name.toLowerCase()));
  const listed = await deps.gateway.listProtectedVms({
    signal,
    ...(options.vault ? { vault: options.vault } : {}),
  });
  const vms = listed.filter(
    (vm) => deps.isManaged(vm.vmName) && (wanted === undefined || wanted.has(vm.vmName.toLowerCase())),
  );
  const rateDays = deps.settings.rateWindowDays ?? 14;
  const rates = await adHocRates(
    deps.gateway,
    vms,
    new Date(now.getTime() - rateDays * DAY_MS),
    rateDays,
    signal,
  );
  const retention = new Map<string, Promise<number | undefined>>();
  const report: RpWatchReport = { checked: 0, warned: [], overdue: [], failures: [] };
  const window = currentWindow(deps.gcWindow, now) ?? nextWindow(deps.gcWindow, now);
  const day = localDateOf(now, deps.gcWindow.timeZone);
  const dayKey = `${day.year}-${day.month}-${day.day}`;

  await fanOut(
    vms,
    READ_CONCURRENCY,
    async (vm) => {
      try {
        const points = (await deps.gateway.listRecoveryPoints(vm, { signal })).filter(isInstant);
        const keepDays = await instantRetentionDays(vm, deps.gateway, retention, signal);
        const forecast = forecastRestorePoints({
          now,
          restorePoints: points.map((p) => ({
            time: p.time,
            // The instant tier leaves the collection at the first GC after the policy's instant retention.
            expiry: keepDays === undefined ? p.expiry : new Date(p.time.getTime() + keepDays * DAY_MS),
          })),
          limit: deps.settings.rpLimit,
          warnAt: deps.settings.rpWarnThreshold,
          adHocPerDay: rates.get(vm.vmName.toLowerCase()) ?? 0,
          nextWindowOpensAt: window.opensAt,
        });
        report.checked += 1;
        if (shouldWarn(forecast)) {
          await deps.events.emit(
            warningEvent(
              vm,
              forecast,
              window,
              deps,
              `${vmKeyOf(vm)}:${forecast.count}:${forecast.advice}:${dayKey}`,
            ),
          );
          report.warned.push(vm.vmName);
        }
        if (await checkOverdue(vm, deps, now, dayKey)) report.overdue.push(vm.vmName);
      } catch (error) {
        report.failures.push({ vmName: vm.vmName, message: (error as Error).message });
      }
    },
    signal,
  );
  return report;
}

function shouldWarn(forecast: RpForecast): boolean {
  return forecast.level !== "ok" || forecast.beforeNextGc;
}

async function checkOverdue(vm: ProtectedVm, deps: RpWatchDeps, now: Date, dayKey: string): Promise<boolean> {
  const key = vmKeyOf(vm);
  const last = await deps.state.lastFullWindow(key);
  const since = last ?? (await deps.state.firstSeen(key, now));
  const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
  if (days <= deps.settings.overdueAfterDays) return false;
  await deps.events.emit(overdueEvent(vm, last, days, now, `${key}:${dayKey}`));
  return true;
}

/** User-triggered backups per VM per day over the last `days`, from each vault's job list. */
export async function adHocRates(
  gateway: BackupGateway,
  vms: readonly ProtectedVm[],
  since: Date,
  days: number,
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  const vaults = new Map<string, VaultRef>();
  for (const vm of vms) vaults.set(vaultKey(vm.vault), vm.vault);
  const counts = new Map<string, number>();
  for (const vault of vaults.values()) {
    for (const job of await gateway.listJobs(vault, { since, operation: "Backup" }, { signal })) {
      if (!job.isUserTriggered || job.status === "Failed" || job.status === "Cancelled") continue;
      const name = job.vmName.toLowerCase();
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return new Map([...counts].map(([name, count]) => [name, count / days]));
}

/** Days the VM's policy keeps instant (snapshot-tier) points, read once per policy through `cache`. */
export function instantRetentionDays(
  vm: ProtectedVm,
  gateway: BackupGateway,
  cache: Map<string, Promise<number | undefined>>,
  signal?: AbortSignal,
): Promise<number | undefined> {
  const policy = vm.policyId || vm.policyName;
  if (!policy) return Promise.resolve(undefined);
  const key = `${vaultKey(vm.vault)}/${policy}`.toLowerCase();
  let found = cache.get(key);
  if (!found) {
    found = gateway.getPolicy(vm.vault, policy, { signal }).then(
      (p) => p.instantRpRetentionDays,
      () => undefined,
    );
    cache.set(key, found);
  }
  return found;
}

/** Whether a point still holds a valid snapshot tier (so counts in the restore point collection). */
export function isInstant(point: RecoveryPoint): boolean {
  return point.tiers.some((tier) => tier.type === "InstantRP" && tier.status === "Valid");
}

export function vaultKey(vault: VaultRef): string {
  return `${vault.subscriptionId}/${vault.resourceGroup}/${vault.name}`.toLowerCase();
}
