import type { CallPriority } from "./backup-gateway.ts";
/**
 * Cross-process coordination the lifecycle needs. Implemented on Redis so that any number of worker
 * processes can share the work safely.
 */

export type LeaseResult = { acquired: true } | { acquired: false; heldBy: string };

export interface VmLocks {
  /**
   * The lifecycle lease: one ad-hoc lifecycle per VM, from resume until protection is settled again.
   * Owned by a request id, not a process, so a restarted worker resumes with the lease it had.
   * Taking a lease the same request holds extends it. A lease expires unless its holder renews it
   * (`keepLifecycle`), so a lifecycle nobody runs any more never blocks its VM for good.
   */
  acquireLifecycle(vmKey: string, requestId: string): Promise<LeaseResult>;
  /** Runs `fn`, renewing the request's lease (while it is still the request's) until `fn` settles. */
  keepLifecycle<T>(vmKey: string, requestId: string, fn: () => Promise<T>): Promise<T>;
  releaseLifecycle(vmKey: string, requestId: string): Promise<void>;
  lifecycleHolder(vmKey: string): Promise<string | undefined>;
  /**
   * Runs `fn` while holding a short mutex over the VM's protection state, so two actors (lifecycles,
   * GC-window changes, the reconciler) never change one VM's protection at the same time.
   */
  withProtectionMutex<T>(vmKey: string, fn: () => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
}

/** ARM's two request kinds, each with its own bucket per subscription. */
export type ArmRequestKind = "reads" | "writes";

/**
 * A budget for ARM calls shared by every process, one bucket per subscription and kind, mirroring
 * ARM's own (ARM throttles per subscription, whichever process or tool calls it). Kura takes a token
 * before each call and tells the budget what ARM answered, so the bucket follows ARM's count.
 */
export interface ArmBudget {
  /**
   * Resolves once kura may make one call of `kind` in `subscriptionId`; when callers wait, `high`
   * ones are let through first, each priority by `order` (CallOptions), then in the order they came.
   */
  take(
    subscriptionId: string,
    kind: ArmRequestKind,
    options?: { signal?: AbortSignal; priority?: CallPriority; order?: number },
  ): Promise<void>;
  /**
   * What ARM said after a call: `remaining` from `x-ms-ratelimit-remaining-subscription-<kind>`, and
   * on a 429 the `Retry-After` wait. Never throws (pacing is best effort; the call already happened).
   */
  observe(
    subscriptionId: string,
    kind: ArmRequestKind,
    seen: { remaining?: number | undefined; retryAfterMs?: number | undefined },
  ): Promise<void>;
}
