/** Route name (spec operationId) → handler. */
import type { ArmHandler } from "../context.ts";
import { itemOperationResult, itemOperationStatus, trigger } from "./backups.ts";
import { getItem, listItems, putItem } from "./items.ts";
import { cancel, getJob, jobOperationResult, listJobs } from "./jobs.ts";
import { getPolicy, listPolicies } from "./policies.ts";
import { getRecoveryPoint, listRecoveryPoints } from "./recovery-points.ts";
import { vaultOperationResult, vaultOperationStatus } from "./vault-operations.ts";

export const HANDLERS: Readonly<Record<string, ArmHandler>> = {
  BackupProtectedItems_List: listItems,
  ProtectedItems_Get: getItem,
  ProtectedItems_CreateOrUpdate: putItem,
  Backups_Trigger: trigger,
  ProtectedItemOperationResults_Get: itemOperationResult,
  ProtectedItemOperationStatuses_Get: itemOperationStatus,
  RecoveryPoints_List: listRecoveryPoints,
  RecoveryPoints_Get: getRecoveryPoint,
  BackupOperationResults_Get: vaultOperationResult,
  BackupOperationStatuses_Get: vaultOperationStatus,
  JobDetails_Get: getJob,
  BackupJobs_List: listJobs,
  JobCancellations_Trigger: cancel,
  JobOperationResults_Get: jobOperationResult,
  BackupPolicies_List: listPolicies,
  ProtectionPolicies_Get: getPolicy,
};
