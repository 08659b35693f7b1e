/**
 * What the GC window, the emergency window and the restore point watch need from storage and from
 * the job queue. Implemented on Redis and BullMQ (src/store/redis-gc-state.ts,
 * src/store/redis-emergency-windows.ts, src/store/bullmq-maintenance-jobs.ts); shared by every worker process.
 */
import type { EmergencyWindows } from "../lifecycle/protection-intent.ts";
import type { VaultRef } from "../ports/backup-gateway.ts";
import type { Actor, Conversation } from "../ports/requests.ts";

/** How far a window pass got: nobody ran it yet (`taken`: it is yours now), it runs elsewhere, or it is done. */
export type PassClaim = { claimed: true; attempt: number } | { claimed: false; state: "running" | "done" };

export interface GcState {
  /**
   * Claims the pass `passId` for `ttlMs` (renew with {@link GcState.renewPass}). A crashed holder's claim
   * lapses, so another process can run the pass again with the next `attempt`.
   */
  claimPass(passId: string, ttlMs: number): Promise<PassClaim>;
  renewPass(passId: string, ttlMs: number): Promise<void>;
  finishPass(passId: string): Promise<void>;
  passDone(passId: string): Promise<boolean>;
  /** Remembers when kura first saw the VM protected for a window, unless already remembered. */
  markProtectedSince(vmKey: string, at: Date): Promise<void>;
  /** Returns and forgets when the VM became protected for a window. */
  takeProtectedSince(vmKey: string): Promise<Date | undefined>;
  recordFullWindow(vmKey: string, closedAt: Date): Promise<void>;
  lastFullWindow(vmKey: string): Promise<Date | undefined>;
  /** When kura first saw the VM (set to `now` on the first call): the start of its overdue clock. */
  firstSeen(vmKey: string, now: Date): Promise<Date>;
  /** Where the failed-job check of a vault got to. */
  jobCursor(vaultKey: string): Promise<Date | undefined>;
  setJobCursor(vaultKey: string, at: Date): Promise<void>;
}

/** One-off maintenance jobs the core asks for; the worker runs them (at most once each). */
export interface MaintenanceJobs {
  /** Opens the emergency window's protection now and closes it at `closesAt`. */
  scheduleEmergencyWindow(requestId: string, closesAt: Date): Promise<void>;
  /**
   * Checks one VM's restore points soon (after a backup). With its vault, the VM waits in that
   * vault's backlog ({@link RpCheckBacklog}) and one run soon after checks every VM waiting there;
   * without (the vault is not known), it is checked on its own. `key` (the request) makes repeats one.
   */
  checkRestorePoints(vm: { vmName: string; vault?: VaultRef }, key: string): Promise<void>;
}

/** A VM waiting for its restore point check; `mark` is the latest ask's key (its request). */
export interface PendingRpCheck {
  vmName: string;
  mark: string;
}

/**
 * The VMs of each vault waiting for a restore point check after their backup. They stay until a
 * check covered them, so a run that crashes or fails loses none; asked again while a run checks it,
 * a VM stays for the next run (its new backup may have come after the run read its points).
 */
export interface RpCheckBacklog {
  pending(vault: VaultRef): Promise<PendingRpCheck[]>;
  /** Forgets the VMs given, each only if its mark is still the one given. */
  done(vault: VaultRef, checked: readonly PendingRpCheck[]): Promise<void>;
}

export type EmergencyStatus = "pending" | "approved" | "rejected" | "expired" | "closed";

/** A request for an emergency GC window, and once approved, the window itself. */
export interface EmergencyRequest {
  id: string;
  vmName: string;
  vault: VaultRef;
  hours: number;
  reason?: string;
  requester: Actor;
  conversation: Conversation;
  createdAt: string;
  expiresAt: string;
  status: EmergencyStatus;
  version: number;
  decision?: { by: Actor; at: string; reason?: string };
  /** Set on approval. */
  opensAt?: string;
  closesAt?: string;
}

export type EmergencyPatch = Partial<Omit<EmergencyRequest, "id" | "version" | "createdAt">>;

/** Emergency requests and windows; `list` (from `EmergencyWindows`) gives ProtectionIntent the approved ones. */
export interface EmergencyStore extends EmergencyWindows {
  create(request: EmergencyRequest): Promise<void>;
  get(id: string): Promise<EmergencyRequest | undefined>;
  /** Compare-and-set on the status, across processes; undefined when the status was another. */
  transition(
    id: string,
    from: readonly EmergencyStatus[],
    patch: EmergencyPatch,
  ): Promise<EmergencyRequest | undefined>;
  /** Pending requests past their expiry. */
  listExpired(now: Date): Promise<EmergencyRequest[]>;
}
