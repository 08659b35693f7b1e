/**
 * The port through which the core sees Azure Backup. Implemented by src/azure (the official SDK);
 * the core never sees SDK types, URLs or HTTP. Every method takes an AbortSignal and throws
 * `KuraError` (src/commands/errors.ts) with a stable code on failure.
 */

/** A Recovery Services vault, as configured. */
export interface VaultRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** Azure's `protectionState` values for a protected item. */
export type ProtectionState =
  | "Invalid"
  | "IRPending"
  | "Protected"
  | "ProtectionError"
  | "ProtectionStopped"
  | "ProtectionPaused"
  | "BackupsSuspended";

/** A VM as a protected item of one vault. Names come from Azure's list results, never built by hand. */
export interface ProtectedVm {
  /** The VM's name as Azure shows it (`friendlyName`). */
  vmName: string;
  /** The VM's ARM id (`sourceResourceId`). */
  vmId: string;
  vault: VaultRef;
  /** The protected item's ARM id. */
  itemId: string;
  fabricName: string;
  /** Container name as used in the item's URL, e.g. `IaasVMContainer;iaasvmcontainerv2;rg;vm`. */
  containerName: string;
  /** Item name as used in the item's URL, e.g. `VM;iaasvmcontainerv2;rg;vm`. */
  itemName: string;
  protectionState: ProtectionState;
  /** Present while a policy is attached; Azure keeps the last one after "stop, retain data". */
  policyId: string | undefined;
  policyName: string | undefined;
  lastBackupTime: Date | undefined;
  lastBackupStatus: string | undefined;
}

export type Weekday = "Sunday" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday";

/** A policy's schedule, reduced to what kura needs to avoid colliding with it. */
export interface PolicySchedule {
  frequency: "Daily" | "Weekly" | "Hourly" | "Invalid";
  /** Run days; every day for a daily schedule. */
  days: Weekday[];
  /** Run times of day, `HH:mm`, in the policy's time zone. */
  times: string[];
  /** The Windows time zone name Azure stores (e.g. `Tokyo Standard Time`). */
  windowsTimeZone: string;
  /** The same zone as an IANA name (e.g. `Asia/Tokyo`), for date arithmetic. */
  timeZone: string;
}

export interface BackupPolicy {
  id: string;
  name: string;
  schedule: PolicySchedule;
  /** How long instant (snapshot-tier) restore points are kept while GC runs. */
  instantRpRetentionDays: number;
}

export type JobStatus =
  | "InProgress"
  | "Completed"
  | "Failed"
  | "CompletedWithWarnings"
  | "Cancelled"
  | "Cancelling"
  | "Invalid";

export interface JobTask {
  /** e.g. "Take Snapshot", "Transfer data to vault". */
  name: string;
  status: string;
  progressPercent: number | undefined;
}

export interface JobError {
  /** Azure's mnemonic where known (e.g. `UserErrorRpCollectionLimitReached`), else its numeric code. */
  code: string;
  message: string;
  recommendations: string[];
}

export interface BackupJob {
  id: string;
  vault: VaultRef;
  vmName: string;
  /** `Backup`, `ConfigureBackup`, `DisableBackup`, … */
  operation: string;
  status: JobStatus;
  startTime: Date | undefined;
  endTime: Date | undefined;
  /** true for on-demand backups, false for the policy's scheduled runs. */
  isUserTriggered: boolean;
  /** Present on job details; empty in list results, which Azure returns without extended info. */
  tasks: JobTask[];
  progressPercent: number | undefined;
  errors: JobError[];
  cancellable: boolean;
}

export interface JobFilter {
  /** Jobs started at or after this time. */
  since?: Date;
  until?: Date;
  status?: JobStatus;
  operation?: "Backup" | "ConfigureBackup" | "DisableBackup";
}

export type RecoveryPointTier = "InstantRP" | "HardenedRP" | "ArchivedRP" | "Invalid";

export interface RecoveryPoint {
  id: string;
  time: Date;
  tiers: { type: RecoveryPointTier; status: string }[];
  expiry: Date | undefined;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * `high`: someone is waiting on this call (the steps before a requested backup starts), so it goes
   * before `normal` calls (watching jobs, GC windows, reconciling) when Azure's budget is short.
   */
  priority?: CallPriority;
  /**
   * Among waiting calls of the same priority, lower goes first (default: arrival order). A lifecycle
   * passes when it started, so the oldest requested backup gets under way first instead of every
   * one of them advancing a step at a time and all starting late.
   */
  order?: number;
}

export type CallPriority = "high" | "normal";

export interface TriggerOptions extends CallOptions {
  /**
   * Called as soon as Azure accepted the trigger, before its operation is tracked to a job id,
   * so a caller can checkpoint the operation id first (crash safety).
   */
  onAccepted?: (operationId: string) => void | Promise<void>;
}

export interface TriggeredBackup {
  operationId: string;
  jobId: string;
}

export interface BackupGateway {
  /**
   * Every VM protected item in the configured vaults (any protection state); with `vault`, in that
   * one configured vault only (a check of a few VMs need not list the whole fleet).
   */
  listProtectedVms(options?: CallOptions & { vault?: VaultRef }): Promise<ProtectedVm[]>;
  /** One VM by name or ARM id across the configured vaults; `AZURE_NOT_FOUND` if none. */
  findVm(nameOrId: string, options?: CallOptions): Promise<ProtectedVm>;
  /** The item as Azure has it now. */
  refreshVm(vm: ProtectedVm, options?: CallOptions): Promise<ProtectedVm>;
  /** Resume protection with a policy and wait until Azure reports the change done. */
  resumeProtection(vm: ProtectedVm, policyId: string, options?: CallOptions): Promise<ProtectedVm>;
  /** Stop protection, retain data, and wait until Azure reports the change done. */
  stopProtectionRetainData(vm: ProtectedVm, options?: CallOptions): Promise<ProtectedVm>;
  /** Backup now; resolves with the Azure job id once the trigger's operation names it. */
  triggerBackup(
    vm: ProtectedVm,
    recoveryPointExpiry: Date,
    options?: TriggerOptions,
  ): Promise<TriggeredBackup>;
  /** The job id a trigger operation produced, or undefined while Azure is still accepting it. */
  jobIdForOperation(vault: VaultRef, operationId: string, options?: CallOptions): Promise<string | undefined>;
  getJob(vault: VaultRef, jobId: string, options?: CallOptions): Promise<BackupJob>;
  /**
   * `fresh`: read Azure now, never a listing shared with other callers (what decides whether to
   * trigger a backup must not see a list from before another worker's trigger).
   */
  listJobs(
    vault: VaultRef,
    filter: JobFilter,
    options?: CallOptions & { fresh?: boolean },
  ): Promise<BackupJob[]>;
  /** Ask Azure to cancel a job; resolves once the request is accepted. */
  cancelJob(vault: VaultRef, jobId: string, options?: CallOptions): Promise<void>;
  listRecoveryPoints(vm: ProtectedVm, options?: CallOptions): Promise<RecoveryPoint[]>;
  /** Snapshot-tier points held in the VM's restore point collection (Azure fails backups at 18). */
  countInstantRestorePoints(vm: ProtectedVm, options?: CallOptions): Promise<number>;
  /** A policy by name or ARM id, in the vault given. */
  getPolicy(vault: VaultRef, policyNameOrId: string, options?: CallOptions): Promise<BackupPolicy>;
}
