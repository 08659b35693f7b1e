/**
 * The emulator's internal state. Times are virtual epoch milliseconds; views turn them into ISO strings.
 * Keys are lower-cased because ARM resource names are case-insensitive (ref §1: examples mix cases).
 */
import type { Weekday } from "../types.ts";

export interface Vault {
  key: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** Canonical ARM id, `/subscriptions/…/vaults/{name}`. */
  id: string;
}

export interface Policy {
  key: string;
  vaultKey: string;
  name: string;
  windowsTimeZone: string;
  /** IANA zone resolved from the Windows name (windows-iana). */
  ianaZone: string;
  frequency: "Daily" | "Weekly";
  runDays: Weekday[];
  /** `HH:mm` in the policy's zone. */
  runTimes: string[];
  instantRpRetentionDays: number;
  /** Days (daily) or weeks (weekly). */
  retentionCount: number;
}

export type InstantTier = "Valid" | "Deleted" | "None";

export interface RecoveryPoint {
  /** A numeric string, like Azure's (ref §1). */
  id: string;
  time: number;
  /** Vault-tier expiry; GC removes the point after it. */
  expiry: number;
  /** When the snapshot falls out of `instantRpRetentionRangeInDays`; GC marks it Deleted after it. */
  instantExpiry: number;
  instant: InstantTier;
  hardened: boolean;
}

export type ProtectionState = "Protected" | "ProtectionStopped";

export interface Item {
  key: string;
  vaultKey: string;
  vmName: string;
  vmResourceGroup: string;
  /** URL form, `IaasVMContainer;iaasvmcontainerv2;{rg};{vm}`. */
  containerName: string;
  /** URL form, `VM;iaasvmcontainerv2;{rg};{vm}`. */
  itemName: string;
  protectionState: ProtectionState;
  policyName: string | undefined;
  lastBackupTime: number | undefined;
  lastBackupStatus: string | undefined;
  dataId: string;
  /** Bumped whenever protection changes, so queued GC runs of an earlier protection period are ignored. */
  epoch: number;
  activeBackupJobId: string | undefined;
  pendingOperationId: string | undefined;
  onDemand: { day: string; count: number };
  recoveryPoints: RecoveryPoint[];
  /** Times GC ran for this item (exposed in the admin state, handy for tests). */
  gcRuns: number;
}

export type TaskStatus = "NotStarted" | "InProgress" | "Completed" | "Failed" | "Cancelled";

export interface JobTask {
  name: "Take Snapshot" | "Transfer data to vault";
  status: TaskStatus;
  start: number | undefined;
  end: number | undefined;
  plannedMs: number;
}

export interface JobError {
  code: number;
  title: string;
  message: string;
  recommendations: string[];
}

export type JobOperation = "Backup" | "ConfigureBackup" | "DisableBackup";
export type JobStatus = "InProgress" | "Completed" | "Failed" | "Cancelling" | "Cancelled";

export interface Job {
  id: string;
  vaultKey: string;
  itemKey: string;
  vmName: string;
  containerName: string;
  operation: JobOperation;
  status: JobStatus;
  start: number;
  end: number | undefined;
  isUserTriggered: boolean;
  activityId: string;
  tasks: JobTask[];
  error: JobError | undefined;
  /** Vault expiry the new point gets (requested, or from the policy). */
  expiry: number;
  /** Instant-tier expiry the new point gets. */
  instantExpiry: number;
  /** A fault armed for this job: fail at "Take Snapshot" with this mnemonic. */
  failWith: string | undefined;
  policyName: string | undefined;
}

export interface Operation {
  id: string;
  vaultKey: string;
  /** Set for item-level operations; their status is also served under the item's URL. */
  itemKey: string | undefined;
  kind: "protection" | "backup" | "cancel";
  status: "InProgress" | "Succeeded" | "Failed";
  start: number;
  end: number | undefined;
  jobId: string | undefined;
}
