/**
 * The GC window's maintenance tasks: weekly reminder/open/close (cron in the window's zone), the
 * daily restore point watch, the failed-job check, and the one-off jobs (emergency windows, a
 * restore point check after a backup, start-up recovery). Each task only calls the core.
 */

import { UnrecoverableError } from "bullmq";
import {
  type EmergencyJobDeps,
  endEmergencyWindow,
  startEmergencyWindow,
} from "../commands/gc/emergency-jobs.ts";
import { type EmergencyDeps, expireEmergencyRequests } from "../commands/gc/emergency-window.ts";
import { cronPattern, gcFirings } from "../commands/gc/gc-schedule.ts";
import type { RpCheckBacklog } from "../commands/gc/ports.ts";
import { recoverMissedWindows } from "../commands/gc/recover.ts";
import { remindGcWindow } from "../commands/gc/reminder.ts";
import { runWindowPass, type WindowPassDeps } from "../commands/gc/window-pass.ts";
import type { VaultRef, Weekday } from "../commands/ports/backup-gateway.ts";
import { MAINTENANCE_JOB, type MaintenanceJobData } from "../commands/ports/queues.ts";
import type { ReconcileDeps } from "../commands/reconcile/reconcile-protection.ts";
import { checkRestorePointsAfterBackups } from "../commands/rp-watch/check-after-backups.ts";
import { type RpWatchDeps, watchRestorePoints } from "../commands/rp-watch/check-restore-points.ts";
import { detectFailedJobs, type FailedJobDeps } from "../commands/rp-watch/failed-jobs.ts";
import type { MaintenanceTask } from "./maintenance.ts";

export interface GcTaskDeps {
  pass: WindowPassDeps;
  reconcile: ReconcileDeps;
  rpWatch: RpWatchDeps;
  /** The VMs waiting for their check after a backup, per vault. */
  rpBacklog: RpCheckBacklog;
  failedJobs: FailedJobDeps;
  emergency: EmergencyJobDeps & EmergencyDeps;
  reminder: { day: Weekday; time: string } | undefined;
  /** `HH:mm` in the window's zone. */
  rpWatchTime: string;
  jobCheckEveryMs: number;
  log: { info(object: object, message: string): void };
}

function requestIdOf(data: unknown): string {
  const id = (data as Partial<MaintenanceJobData["emergency-open"]> | undefined)?.requestId;
  // Retrying the same data cannot add the id: end the job at once.
  if (typeof id !== "string") throw new UnrecoverableError("job data has no requestId");
  return id;
}

export function gcTasks(deps: GcTaskDeps): { tasks: MaintenanceTask[]; removeSchedulers: string[] } {
  const tz = deps.pass.gcWindow.timeZone;
  const { log } = deps;
  const firings = gcFirings(deps.pass.gcWindow, deps.reminder);
  const logged = async <T>(what: string, work: Promise<T>): Promise<T> => {
    const result = await work;
    log.info({ result }, what);
    return result;
  };
  const run: Record<string, (signal?: AbortSignal) => Promise<unknown>> = {
    [MAINTENANCE_JOB.gcReminder]: (signal) => logged("gc reminder", remindGcWindow({ ...deps.pass }, signal)),
    [MAINTENANCE_JOB.gcOpen]: (signal) =>
      logged("gc window open pass", runWindowPass("open", "scheduled", deps.pass, signal)),
    [MAINTENANCE_JOB.gcClose]: (signal) =>
      logged("gc window close pass", runWindowPass("close", "scheduled", deps.pass, signal)),
  };
  const tasks: MaintenanceTask[] = firings.map((firing) => ({
    name: firing.id,
    cron: { pattern: cronPattern(firing), tz },
    run: run[firing.id] as (signal?: AbortSignal) => Promise<unknown>,
  }));
  tasks.push(
    {
      name: MAINTENANCE_JOB.rpWatch,
      cron: { pattern: cronPattern({ day: undefined, time: deps.rpWatchTime }), tz },
      run: (signal) => logged("restore point watch", watchRestorePoints(deps.rpWatch, {}, signal)),
    },
    {
      name: MAINTENANCE_JOB.failedJobs,
      everyMs: deps.jobCheckEveryMs,
      run: (signal) => logged("failed job check", detectFailedJobs(deps.failedJobs, signal)),
    },
    {
      name: MAINTENANCE_JOB.expireEmergency,
      everyMs: 60_000,
      run: () => expireEmergencyRequests(deps.emergency),
    },
    {
      name: MAINTENANCE_JOB.emergencyOpen,
      run: (signal, data) => startEmergencyWindow(requestIdOf(data), deps.emergency, signal),
    },
    {
      name: MAINTENANCE_JOB.emergencyClose,
      run: (signal, data) => endEmergencyWindow(requestIdOf(data), deps.emergency, signal),
    },
    {
      name: MAINTENANCE_JOB.rpCheck,
      run: (signal, data) => {
        const job = (data ?? {}) as Partial<{ vault: VaultRef; vmName: string }>;
        if (job.vault) return checkRestorePointsAfterBackups(deps.rpWatch, deps.rpBacklog, job.vault, signal);
        // One VM whose vault was not known, or a job queued before the per-vault checks.
        if (typeof job.vmName !== "string")
          throw new UnrecoverableError("rp-check job data has no vault or VM");
        return watchRestorePoints(deps.rpWatch, { vmNames: [job.vmName] }, signal);
      },
    },
    {
      name: MAINTENANCE_JOB.recover,
      run: (signal) => logged("start-up recovery", recoverMissedWindows(deps.pass, deps.reconcile, signal)),
    },
  );
  return { tasks, removeSchedulers: deps.reminder ? [] : [MAINTENANCE_JOB.gcReminder] };
}
