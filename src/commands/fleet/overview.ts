/**
 * The fleet at a glance, as data: what `/backup list`, `/backup gc`, `/backup status` and
 * `/backup audit` answer in chat, but structured, for views that lay it out themselves (the local
 * web console's side panel). Each VM's restore points come with the same forecast the restore point
 * watch warns from, so a bar and a warning never disagree.
 */

import { actorName } from "../chat/request-view.ts";
import { isKuraError } from "../errors.ts";
import { fanOut } from "../gc/fan-out.ts";
import { nextFiringAfter } from "../gc/gc-schedule.ts";
import type { AuditEntry, AuditLog } from "../ports/audit.ts";
import type { BackupGateway, ProtectedVm, Weekday } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import { type RequestStore, TERMINAL_STATUSES } from "../ports/requests.ts";
import { adHocRates, instantRetentionDays, isInstant } from "../rp-watch/check-restore-points.ts";
import { currentWindow, type GcWindowConfig, nextWindow } from "../schedule/gc-window.ts";
import { forecastRestorePoints, type RpAdvice, type RpLevel } from "../schedule/rp-forecast.ts";
import { DAY_MS } from "../schedule/wall-clock.ts";

export interface FleetQueryDeps {
  gateway: BackupGateway;
  requests: RequestStore;
  audit: AuditLog;
  clock: Clock;
  gcWindow: GcWindowConfig;
  /** The weekly reminder before the window, or undefined when it is off. */
  reminder: { day: Weekday; time: string } | undefined;
  rpLimit: number;
  rpWarnThreshold: number;
  isManaged(vmName: string): boolean;
}

/** A VM's restore point collection against the limit, with the watch's forecast. */
export interface RestorePointsView {
  count: number;
  limit: number;
  warnAt: number;
  level: RpLevel;
  /** When the collection is expected to reach the limit at the VM's recent ad-hoc rate (ISO). */
  reachesLimitAt?: string;
  /** Worst-case time of the next GC (ISO). */
  gcBy: string;
  advice: RpAdvice;
}

export interface VmOverview {
  vmName: string;
  vault: string;
  protectionState: ProtectedVm["protectionState"];
  /** ISO, absent when the VM was never backed up. */
  lastBackupAt?: string;
  lastBackupStatus?: string;
  /** Absent when Azure could not be read for this VM (`problem` says why). */
  restorePoints?: RestorePointsView;
  problem?: { code: string };
}

export interface GcCalendar {
  window: GcWindowConfig;
  /** The window open now, if it is. */
  open?: { opensAt: string; closesAt: string };
  /** The next window to open (after the open one, if one is open). */
  next: { opensAt: string; closesAt: string };
  /** When the next reminder fires (ISO), absent when reminders are off. */
  reminderAt?: string;
}

/** A request waiting for a decision, approved or running. */
export interface ActiveRequestView {
  id: string;
  kind: "backup" | "snapshot";
  vmName: string;
  status: string;
  requester: string;
  createdAt: string;
  progress?: { step: string; task?: string; percent?: number };
}

export interface FleetOverview {
  /** When this was read (ISO, kura's clock). */
  at: string;
  /** Absent when Azure could not be listed at all (`problem` says why). */
  vms: VmOverview[];
  problem?: { code: string };
  gc: GcCalendar;
  active: ActiveRequestView[];
  audit: AuditEntry[];
}

/** Structured reads of the core beside `ChatService`, for dashboards. */
export interface FleetQueries {
  overview(options?: { auditCount?: number }): Promise<FleetOverview>;
}

/** Reads per VM at once, as the watch does: the ARM read bucket is shared with everything else. */
const READ_CONCURRENCY = 8;
/** Days of backup jobs the ad-hoc rate is measured over (the watch's default). */
const RATE_DAYS = 14;
/** Enough recent requests to find every one still waiting or running in a busy week. */
const ACTIVE_SCAN = 200;

export function createFleetQueries(deps: FleetQueryDeps): FleetQueries {
  return {
    async overview(options = {}) {
      const now = deps.clock.now();
      const [fleet, active, audit] = await Promise.all([
        readVms(deps, now),
        activeRequests(deps.requests),
        deps.audit.read({ count: options.auditCount ?? 6 }),
      ]);
      return { at: now.toISOString(), ...fleet, gc: calendar(deps, now), active, audit };
    },
  };
}

async function readVms(deps: FleetQueryDeps, now: Date): Promise<Pick<FleetOverview, "vms" | "problem">> {
  let vms: ProtectedVm[];
  try {
    vms = (await deps.gateway.listProtectedVms()).filter((vm) => deps.isManaged(vm.vmName));
  } catch (error) {
    if (!isKuraError(error)) throw error;
    return { vms: [], problem: { code: error.code } };
  }
  vms.sort((a, b) => a.vmName.localeCompare(b.vmName));
  const rates = await adHocRates(deps.gateway, vms, new Date(now.getTime() - RATE_DAYS * DAY_MS), RATE_DAYS)
    // Without job history the bar still shows; only the forecast date is missing.
    .catch(() => new Map<string, number>());
  const retention = new Map<string, Promise<number | undefined>>();
  const window = currentWindow(deps.gcWindow, now) ?? nextWindow(deps.gcWindow, now);
  const views = new Map<string, VmOverview>();
  await fanOut(vms, READ_CONCURRENCY, async (vm) => {
    const base: VmOverview = {
      vmName: vm.vmName,
      vault: vm.vault.name,
      protectionState: vm.protectionState,
      ...(vm.lastBackupTime ? { lastBackupAt: vm.lastBackupTime.toISOString() } : {}),
      ...(vm.lastBackupStatus ? { lastBackupStatus: vm.lastBackupStatus } : {}),
    };
    try {
      const points = (await deps.gateway.listRecoveryPoints(vm)).filter(isInstant);
      const keepDays = await instantRetentionDays(vm, deps.gateway, retention);
      const forecast = forecastRestorePoints({
        now,
        restorePoints: points.map((p) => ({
          time: p.time,
          expiry: keepDays === undefined ? p.expiry : new Date(p.time.getTime() + keepDays * DAY_MS),
        })),
        limit: deps.rpLimit,
        warnAt: deps.rpWarnThreshold,
        adHocPerDay: rates.get(vm.vmName.toLowerCase()) ?? 0,
        nextWindowOpensAt: window.opensAt,
      });
      base.restorePoints = {
        count: forecast.count,
        limit: deps.rpLimit,
        warnAt: deps.rpWarnThreshold,
        level: forecast.level,
        ...(forecast.reachesLimitAt ? { reachesLimitAt: forecast.reachesLimitAt.toISOString() } : {}),
        gcBy: forecast.gcBy.toISOString(),
        advice: forecast.advice,
      };
    } catch (error) {
      if (!isKuraError(error)) throw error;
      base.problem = { code: error.code };
    }
    views.set(vm.vmName, base);
  });
  return { vms: vms.flatMap((vm) => views.get(vm.vmName) ?? []) };
}

function calendar(deps: FleetQueryDeps, now: Date): GcCalendar {
  const open = currentWindow(deps.gcWindow, now);
  const next = nextWindow(deps.gcWindow, now);
  const iso = (w: { opensAt: Date; closesAt: Date }) => ({
    opensAt: w.opensAt.toISOString(),
    closesAt: w.closesAt.toISOString(),
  });
  return {
    window: deps.gcWindow,
    ...(open ? { open: iso(open) } : {}),
    next: iso(next),
    ...(deps.reminder
      ? { reminderAt: nextFiringAfter(deps.reminder, deps.gcWindow.timeZone, now).toISOString() }
      : {}),
  };
}

async function activeRequests(requests: RequestStore): Promise<ActiveRequestView[]> {
  const recent = await requests.listRecent(ACTIVE_SCAN);
  return recent
    .filter((request) => !TERMINAL_STATUSES.includes(request.status))
    .map((request) => ({
      id: request.id,
      kind: request.kind === "snapshot" ? ("snapshot" as const) : ("backup" as const),
      vmName: request.vmName,
      status: request.status,
      requester: actorName(request.requester),
      createdAt: request.createdAt,
      ...(request.progress
        ? {
            progress: {
              step: request.progress.step,
              ...(request.progress.task ? { task: request.progress.task } : {}),
              ...(request.progress.percent !== undefined ? { percent: request.progress.percent } : {}),
            },
          }
        : {}),
    }));
}
