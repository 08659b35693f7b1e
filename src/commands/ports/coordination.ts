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

/** A token bucket shared by every process (ARM's write limit is per subscription, not per process). */
export interface RateLimiter {
  /** Resolves once a token was taken from the bucket named `key`. */
  acquire(key: string, options?: { signal?: AbortSignal }): Promise<void>;
}
