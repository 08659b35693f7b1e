/**
 * Wires the GC window, emergency windows and the restore point watch from configuration: their
 * stores, their core dependencies, and at worker start the policy check and the maintenance tasks.
 */
import { randomBytes } from "node:crypto";
import type { ConvergeDeps } from "../commands/gc/converge-vm.ts";
import type { EmergencyJobDeps } from "../commands/gc/emergency-jobs.ts";
import type { EmergencyDeps } from "../commands/gc/emergency-window.ts";
import { checkWindowAgainstPolicies } from "../commands/gc/validate-policies.ts";
import type { WindowPassDeps } from "../commands/gc/window-pass.ts";
import type { EventSink } from "../commands/ports/events.ts";
import type { ReconcileDeps } from "../commands/reconcile/reconcile-protection.ts";
import type { RpWatchDeps } from "../commands/rp-watch/check-restore-points.ts";
import type { FailedJobDeps } from "../commands/rp-watch/failed-jobs.ts";
import type { GcWindowConfig } from "../commands/schedule/gc-window.ts";
import { reminderProblem } from "../commands/schedule/gc-window-validation.ts";
import { ConfigError, type KuraConfig } from "../config.ts";
import type { Logger } from "../log.ts";
import type { BullmqMaintenanceJobs } from "../store/bullmq-maintenance-jobs.ts";
import type { RedisClient } from "../store/redis-connection.ts";
import type { RedisEmergencyWindows } from "../store/redis-emergency-windows.ts";
import { RedisGcState } from "../store/redis-gc-state.ts";
import { gcTasks } from "../worker/gc-tasks.ts";
import type { MaintenanceTask } from "../worker/maintenance.ts";

export interface GcRuntime {
  state: RedisGcState;
  emergencyStore: RedisEmergencyWindows;
  jobs: BullmqMaintenanceJobs;
  pass: WindowPassDeps;
  rpWatch: RpWatchDeps;
  failedJobs: FailedJobDeps;
  /** For chat adapters: `openEmergencyWindow` / `decideEmergencyWindow` (add approval `rules`). */
  emergency: EmergencyJobDeps & EmergencyDeps;
}

export function gcWindowOf(config: Readonly<KuraConfig>): GcWindowConfig {
  const { timeZone, openDay, openTime, durationHours } = config.gc;
  return { timeZone, openDay, openTime, durationHours };
}

export function createGcRuntime(
  config: Readonly<KuraConfig>,
  parts: ConvergeDeps & {
    redis: RedisClient;
    events: EventSink;
    emergencyStore: RedisEmergencyWindows;
    jobs: BullmqMaintenanceJobs;
    isManaged(vmName: string): boolean;
  },
): GcRuntime {
  const state = new RedisGcState({ redis: parts.redis, prefix: config.redis.prefix });
  const gcWindow = gcWindowOf(config);
  const { isManaged, events, clock, gateway } = parts;
  const pass: WindowPassDeps = { ...parts, gcWindow, state, concurrency: config.gc.concurrency };
  return {
    state,
    emergencyStore: parts.emergencyStore,
    jobs: parts.jobs,
    pass,
    rpWatch: {
      gateway,
      events,
      clock,
      state,
      gcWindow,
      isManaged,
      settings: {
        rpLimit: config.preflight.rpLimit,
        rpWarnThreshold: config.preflight.rpWarnThreshold,
        overdueAfterDays: config.gc.overdueAfterDays,
      },
    },
    failedJobs: { gateway, events, clock, state, isManaged },
    emergency: {
      ...parts,
      store: parts.emergencyStore,
      state,
      newId: () => `e${randomBytes(5).toString("hex")}`,
      settings: { requestTtlMs: config.requests.ttlMinutes * 60_000, isManaged },
    },
  };
}

/**
 * Refuses to start when the GC window could let a managed VM's policy run (its run day inside the
 * window), is shorter than 24 h, or names an unknown zone: a `ConfigError` naming the keys to change.
 */
export async function checkGcWindowAtStart(config: Readonly<KuraConfig>, gc: GcRuntime): Promise<void> {
  const window = gcWindowOf(config);
  const problems = (await checkWindowAgainstPolicies(window, gc.pass, gc.pass.clock.now())).map((p) => ({
    key: p.keys.join(" / "),
    message: p.message,
  }));
  const reminder = config.gc.reminder ? reminderProblem(window, config.gc.reminder) : undefined;
  if (reminder) problems.push({ key: "gc.reminder", message: reminder });
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The GC window's maintenance tasks for this configuration. */
export function gcMaintenance(
  config: Readonly<KuraConfig>,
  gc: GcRuntime,
  reconcile: ReconcileDeps,
  log: Logger,
): { tasks: MaintenanceTask[]; removeSchedulers: string[] } {
  return gcTasks({
    pass: gc.pass,
    reconcile,
    rpWatch: gc.rpWatch,
    rpBacklog: gc.jobs.backlog,
    failedJobs: gc.failedJobs,
    emergency: gc.emergency,
    reminder: config.gc.reminder,
    rpWatchTime: config.gc.rpWatchTime,
    jobCheckEveryMs: config.gc.jobCheckMinutes * 60_000,
    log,
  });
}
