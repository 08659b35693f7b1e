import type { BackupGateway, ProtectedVm } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { VmLocks } from "../ports/coordination.ts";
import type { BackupRequest } from "../ports/requests.ts";
import type { RequestJournal } from "../requests/journal.ts";
import type { Checkpoint } from "./checkpoint.ts";
import type { JobWatcher } from "./job-watcher.ts";
import type { PreflightSettings } from "./preflight.ts";
import type { ProtectionIntent } from "./protection-intent.ts";

export interface LifecycleSettings extends PreflightSettings {
  /** After a crash mid-trigger, how long Azure may take to show the job before we conclude no POST landed. */
  triggerSettleMs: number;
  /** How long to wait before re-checking a VM another lifecycle holds. */
  busyRetryMs: number;
  /** Conflicts/outages in a row at one step before the lifecycle gives up and settles protection. */
  maxTransientErrors: number;
  /** Policy to resume with when Azure's item no longer names one, by vault name. */
  fallbackPolicyByVault: Record<string, string>;
  /** How often to re-read a trigger operation until it names its job. */
  operationPollMs: number;
}

export interface LifecycleDeps {
  gateway: BackupGateway;
  journal: RequestJournal;
  locks: VmLocks;
  intent: ProtectionIntent;
  watcher: JobWatcher;
  clock: Clock;
  settings: LifecycleSettings;
}

/** What one run of the lifecycle works with; steps read and advance it. */
export interface LifecycleRun {
  deps: LifecycleDeps;
  request: BackupRequest;
  vmKey: string;
  checkpoint: Checkpoint;
  /** Merges into the checkpoint and persists it before returning. */
  commit(next: Partial<Checkpoint>): Promise<void>;
  signal: AbortSignal | undefined;
  vm(): ProtectedVm;
}
