import type { FailureCode, TextParams, WarningCode } from "../errors.ts";
import type { BackupPolicy, ProtectedVm } from "../ports/backup-gateway.ts";
import { checkScheduleCollision } from "../schedule/collision.ts";

/** What the preflight step learned from Azure, gathered by the lifecycle. */
export interface PreflightFacts {
  now: Date;
  vm: ProtectedVm;
  policy: BackupPolicy;
  instantRestorePoints: number;
  /** On-demand backups of this VM Azure started today (UTC day). */
  onDemandToday: number;
}

export interface PreflightSettings {
  rpLimit: number;
  rpWarnThreshold: number;
  scheduleMargin: { beforeMs: number; afterMs: number };
  dailyOnDemandLimit: number;
}

/** One finding; `code` plus `params` let adapters render it in any language. */
export interface Finding<C extends RefusalCode | WarningCode = RefusalCode | WarningCode> {
  code: C;
  message: string;
  remedy?: string;
  params: TextParams;
}

/** The preflight's refusals: a run that meets one fails with this code. */
export type RefusalCode = Extract<
  FailureCode,
  "RP_LIMIT_REACHED" | "SCHEDULE_COLLISION" | "DAILY_QUOTA_USED"
>;

export interface PreflightVerdict {
  refusals: Finding<RefusalCode>[];
  warnings: Finding<WarningCode>[];
}

/**
 * Decides whether an ad-hoc backup may run now. Pure: every fact is passed in, so the same rules
 * serve the approval message (what will happen) and the worker (what is allowed right now).
 */
export function evaluatePreflight(facts: PreflightFacts, settings: PreflightSettings): PreflightVerdict {
  const refusals: Finding<RefusalCode>[] = [];
  const warnings: Finding<WarningCode>[] = [];
  const { vm, instantRestorePoints: count } = facts;
  const { rpLimit, rpWarnThreshold } = settings;

  if (count >= rpLimit) {
    refusals.push({
      code: "RP_LIMIT_REACHED",
      message: `${vm.vmName} holds ${count} of ${rpLimit} instant restore points: Azure would fail this backup with UserErrorRpCollectionLimitReached.`,
      remedy:
        "Open an emergency GC window for this VM (protection on for about 48 h lets Azure clean expired points), or wait for the weekly GC window.",
      params: { vm: vm.vmName, count, limit: rpLimit },
    });
  } else if (count + 1 >= rpWarnThreshold) {
    warnings.push({
      code: "RP_LIMIT_NEAR",
      message: `After this backup ${vm.vmName} will hold ${count + 1} of ${rpLimit} instant restore points.`,
      remedy: "Let the next GC window run, or use a shorter retention, before taking more ad-hoc backups.",
      params: { vm: vm.vmName, count: count + 1, limit: rpLimit },
    });
  }

  const collision = checkScheduleCollision({
    schedule: facts.policy.schedule,
    now: facts.now,
    margin: settings.scheduleMargin,
  });
  if (collision.collides) {
    const safe = collision.nextSafeTime?.toISOString();
    refusals.push({
      code: "SCHEDULE_COLLISION",
      message: `Now is too close to the policy's scheduled backup at ${collision.scheduledRun.toISOString()} (${facts.policy.name}, ${facts.policy.schedule.timeZone}); an ad-hoc backup must not overlap it.`,
      remedy: safe
        ? `Request the backup again after ${safe}.`
        : "This policy runs too often to leave room for ad-hoc backups; use a weekly policy.",
      params: {
        vm: vm.vmName,
        scheduledRun: collision.scheduledRun.toISOString(),
        nextSafeTime: safe ?? "",
        timeZone: facts.policy.schedule.timeZone,
      },
    });
  }

  if (facts.onDemandToday >= settings.dailyOnDemandLimit) {
    refusals.push({
      code: "DAILY_QUOTA_USED",
      message: `${vm.vmName} already had ${facts.onDemandToday} on-demand backups today (limit ${settings.dailyOnDemandLimit}).`,
      remedy: "Request the backup again after 00:00 UTC.",
      params: { vm: vm.vmName, count: facts.onDemandToday, limit: settings.dailyOnDemandLimit },
    });
  }
  return { refusals, warnings };
}
