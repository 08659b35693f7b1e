import type { JobError, JobStatus, ProtectedVm } from "../ports/backup-gateway.ts";
import type { Failure } from "../ports/requests.ts";

/**
 * The lifecycle's steps, in order. Each is idempotent: re-running a step after a crash reads Azure's
 * state first and does only what is still missing.
 */
export const LIFECYCLE_STEPS = ["preflight", "resume", "trigger", "watch", "stop", "report", "done"] as const;
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

/** A ProtectedVm as JSON (dates as ISO strings), because checkpoints live in the job's data. */
export type StoredVm = Omit<ProtectedVm, "lastBackupTime"> & { lastBackupTime?: string };

/**
 * What the lifecycle has achieved so far, saved after every step (and inside the trigger step before
 * and after the POST) so that any worker can take over from exactly there.
 */
export interface Checkpoint {
  step: LifecycleStep;
  vm?: StoredVm;
  policyId?: string;
  warnings?: string[];
  /** Ids of this VM's on-demand backup jobs Azure already had before we triggered: what is new is ours. */
  jobsBeforeTrigger?: string[];
  /** The start of the span `jobsBeforeTrigger` covers (jobs started since then); absent: two days. */
  jobsListedSince?: string;
  /** Set (and saved) immediately before the POST: if present without a job id, a POST may have happened. */
  triggerAttemptedAt?: string;
  /** The recovery point expiry asked for in the POST (for the audit trail). */
  triggerExpiry?: string;
  operationId?: string;
  azureJobId?: string;
  job?: { status: JobStatus; errors: JobError[]; startTime?: string; endTime?: string };
  /** Why the lifecycle is ending unsuccessfully; protection is still settled before it reports. */
  failure?: Failure;
  cancelled?: boolean;
  /**
   * The Azure write this step is about to make, saved before the call. A retry that finds the write
   * already done (it took effect, but its reply was lost to a fault) then records it in the audit trail,
   * which keeps one entry per write and request (`once`), so every write appears exactly once.
   */
  intent?: "resume" | "stop";
  /** Transient Azure errors seen in a row at the current step (conflicts, outages), to bound retries. */
  transientErrors?: number;
}

export function storeVm(vm: ProtectedVm): StoredVm {
  const { lastBackupTime, ...rest } = vm;
  return lastBackupTime ? { ...rest, lastBackupTime: lastBackupTime.toISOString() } : rest;
}

export function reviveVm(vm: StoredVm): ProtectedVm {
  const { lastBackupTime, ...rest } = vm;
  return { ...rest, lastBackupTime: lastBackupTime ? new Date(lastBackupTime) : undefined };
}

/** Stable identity of a VM across vaults and subscriptions, for locks and leases. */
export function vmKeyOf(vm: Pick<ProtectedVm, "vault" | "vmName">): string {
  const { subscriptionId, resourceGroup, name } = vm.vault;
  return `${subscriptionId}/${resourceGroup}/${name}/${vm.vmName}`.toLowerCase();
}
