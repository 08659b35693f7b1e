/**
 * Public data shapes of the emulator: the seed a caller may pass in, and the behaviour knobs.
 * Everything here is plain JSON so a seed or behaviour patch can come from a file or an HTTP body.
 */

/** A day name as Azure writes it in `scheduleRunDays` (SPEC `DayOfWeek`). */
export type Weekday = "Sunday" | "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday";

/** A backup policy to seed. Only what an `AzureIaasVM` V1 policy with a simple schedule needs (ref §2j). */
export interface SeedPolicy {
  name: string;
  /** Windows time zone name, as Azure stores it (e.g. `Tokyo Standard Time`). */
  timeZone: string;
  frequency: "Daily" | "Weekly";
  /** Run days of a weekly schedule; ignored for daily schedules. */
  runDays?: Weekday[];
  /** Run times of day, `HH:mm`, in the policy's time zone. */
  runTimes: string[];
  /** `instantRpRetentionRangeInDays`; Azure allows 1–5 for V1 policies (ref §7). @defaultValue 2 */
  instantRpRetentionDays?: number;
  /** Retention of a scheduled point: days for a daily schedule, weeks for a weekly one. @defaultValue 30 / 4 */
  retentionCount?: number;
}

/** A recovery point to seed, placed relative to the clock's start so seeds stay valid whatever the start. */
export interface SeedRecoveryPoint {
  /** How long before the clock's start the point was taken. */
  ageHours: number;
  /** Vault-tier retention from the point's time, in days. */
  retainDays: number;
  /** Whether the snapshot (InstantRP tier) is still in the restore point collection. @defaultValue true */
  instant?: boolean;
}

/** A VM protected by a vault. */
export interface SeedItem {
  vmName: string;
  /** The VM's resource group (not the vault's). */
  vmResourceGroup: string;
  protectionState: "Protected" | "ProtectionStopped";
  /** Policy name in the same vault; Azure keeps it on the item after "stop, retain data" (EX:StopProtection). */
  policyName?: string;
  recoveryPoints?: SeedRecoveryPoint[];
  /** The VM's power state (Compute API, disk snapshot alternative). @defaultValue "running" */
  powerState?: "running" | "stopped" | "deallocated";
  /** Managed data disks attached at LUN 0, 1, … besides the OS disk. @defaultValue 0 */
  dataDisks?: number;
}

export interface SeedVault {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** @defaultValue "japaneast" */
  location?: string;
  policies: SeedPolicy[];
  items: SeedItem[];
}

/** The whole initial world. */
export interface SeedData {
  vaults: SeedVault[];
}

/** ARM-like token bucket sizes (ref §5). Measured in real time, not virtual time. */
export interface ThrottleConfig {
  enabled: boolean;
  readBucket: number;
  readRefillPerSecond: number;
  writeBucket: number;
  writeRefillPerSecond: number;
}

/**
 * Timings and limits. All durations are in virtual milliseconds unless said otherwise.
 * Defaults are in `behaviour.ts` and documented in docs/emulator.md.
 */
export interface BehaviourConfig {
  /** Length of the "Take Snapshot" task. Azure: usually 5–15 min (ref §2g). @defaultValue 600000 */
  snapshotMs: number;
  /** Length of the "Transfer data to vault" task. @defaultValue 1800000 */
  transferMs: number;
  /** Time until a protection PUT (resume/stop) operation and its job complete. @defaultValue 20000 */
  protectionOperationMs: number;
  /** Time until a backup trigger's operation reports `Succeeded` with the job id. @defaultValue 2000 */
  triggerOperationMs: number;
  /** Time a cancelled job stays `Cancelling` before `Cancelled`. @defaultValue 30000 */
  cancelMs: number;
  /** First GC run after protection becomes active (Azure: within 24 h, ref §7). @defaultValue 21600000 (6 h) */
  gcDelayMs: number;
  /** GC period while protection stays active. @defaultValue 86400000 (24 h) */
  gcIntervalMs: number;
  /** Instant points a VM's restore point collection can hold (ref §7). @defaultValue 18 */
  rpCollectionLimit: number;
  /** On-demand backups per VM per UTC day (Azure VM support matrix: up to nine). @defaultValue 9 */
  onDemandBackupsPerDay: number;
  /** Vault retention of an on-demand point when the request gives no expiry. @defaultValue 30 */
  defaultOnDemandRetentionDays: number;
  /** Page size of list operations (`nextLink` paging). @defaultValue 200 */
  pageSize: number;
  /** `Retry-After` seconds sent on 202 responses (EX:TriggerBackup_Post sends 60). @defaultValue 60 */
  asyncRetryAfterSeconds: number;
  /** Time until a snapshot PUT's disk operation succeeds (the snapshot is usable then). @defaultValue 30000 */
  diskSnapshotMs: number;
  /** Time until a snapshot DELETE's disk operation succeeds and the snapshot is gone. @defaultValue 10000 */
  snapshotDeleteMs: number;
  throttle: ThrottleConfig;
}
