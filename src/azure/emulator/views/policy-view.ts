/** `ProtectionPolicyResource` (`AzureIaasVM`, V1 simple schedule; ref §2j, EX:ProtectionPolicies_Get). */
import type { Policy, Vault } from "../core/model.ts";
import { POLICY_TYPE } from "../core/names.ts";

/** Inference (ref §2j): only the time of day counts; the date part is arbitrary, as in every example. */
function runTime(hhmm: string): string {
  return `2023-06-01T${hhmm}:00Z`;
}

export function policyView(vault: Vault, policy: Policy, protectedItemsCount: number): object {
  const times = policy.runTimes.map(runTime);
  const weekly = policy.frequency === "Weekly";
  return {
    id: `${vault.id}/backupPolicies/${policy.name}`,
    name: policy.name,
    type: POLICY_TYPE,
    properties: {
      backupManagementType: "AzureIaasVM",
      instantRpRetentionRangeInDays: policy.instantRpRetentionDays,
      schedulePolicy: {
        schedulePolicyType: "SimpleSchedulePolicy",
        scheduleRunFrequency: policy.frequency,
        ...(weekly ? { scheduleRunDays: policy.runDays } : {}),
        scheduleRunTimes: times,
        scheduleWeeklyFrequency: 0,
      },
      retentionPolicy: {
        retentionPolicyType: "LongTermRetentionPolicy",
        ...(weekly
          ? {
              weeklySchedule: {
                daysOfTheWeek: policy.runDays,
                retentionTimes: times,
                retentionDuration: { count: policy.retentionCount, durationType: "Weeks" },
              },
            }
          : {
              dailySchedule: {
                retentionTimes: times,
                retentionDuration: { count: policy.retentionCount, durationType: "Days" },
              },
            }),
      },
      timeZone: policy.windowsTimeZone,
      protectedItemsCount,
      policyType: "V1",
    },
  };
}
