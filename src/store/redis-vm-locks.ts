/**
 * `VmLocks` on Redis.
 *
 * - Lifecycle lease `<prefix>:vm:<vmKey>:lifecycle` = request id, with a TTL its holder renews while it
 *   runs (`keepLifecycle`). The lease belongs to a request, not a process: a worker that takes over a
 *   crashed one re-takes it with the same request id. A lease whose lifecycle nobody runs any more
 *   (BullMQ gave up, the job vanished) expires instead of blocking the VM forever.
 * - Protection mutex `<prefix>:vm:<vmKey>:protection` = a random token, with a short TTL renewed while
 *   `fn` runs, so a crashed holder frees the VM within one TTL instead of never.
 */
import { randomUUID } from "node:crypto";
import type { LeaseResult, VmLocks } from "../commands/ports/coordination.ts";
import { abortedError, LuaScript, sleep } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

export interface RedisVmLocksOptions {
  redis: RedisClient;
  prefix: string;
  /**
   * How long the protection mutex outlives a holder that stopped renewing it (crashed or partitioned).
   * @defaultValue 60000
   */
  protectionTtlMs?: number;
  /**
   * How long a lifecycle lease outlives a holder that stopped renewing it. Longer than any wait a live
   * lifecycle spends outside a worker (a delayed job: VM busy, throttled, a transient Azure error).
   * @defaultValue 900000 (15 minutes)
   */
  leaseTtlMs?: number;
  /**
   * Longest pause between attempts to take a busy mutex; pauses start at 25 ms and double up to this.
   * @defaultValue 500
   */
  maxRetryDelayMs?: number;
  /**
   * Called when renewing finds the mutex no longer ours (it expired while `fn` ran, e.g. after a long
   * event-loop stall or a Redis failover), so the composition root can log it. `fn` is not interrupted.
   */
  onProtectionLost?: (vmKey: string) => void;
}

/** Deletes KEYS[1] only while it still holds ARGV[1]: never free someone else's lease. */
const COMPARE_AND_DELETE = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  1,
);

/** Extends KEYS[1] to ARGV[2] ms only while it still holds ARGV[1]. */
const COMPARE_AND_EXTEND = new LuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
  1,
);

/** Takes KEYS[1] for ARGV[1] (or extends it, if ARGV[1] holds it) for ARGV[2] ms; returns the holder before. */
const TAKE_OR_EXTEND = new LuaScript(
  `local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return current`,
  1,
);

export class RedisVmLocks implements VmLocks {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #leaseTtlMs: number;
  readonly #maxDelayMs: number;
  readonly #onLost: ((vmKey: string) => void) | undefined;

  constructor(options: RedisVmLocksOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#ttlMs = options.protectionTtlMs ?? 60_000;
    this.#leaseTtlMs = options.leaseTtlMs ?? 900_000;
    this.#maxDelayMs = options.maxRetryDelayMs ?? 500;
    this.#onLost = options.onProtectionLost;
  }

  async acquireLifecycle(vmKey: string, requestId: string): Promise<LeaseResult> {
    // One atomic step that either takes (or extends) the lease or tells us who has it.
    const holder = await TAKE_OR_EXTEND.run(
      this.#redis,
      [this.#lifecycleKey(vmKey)],
      [requestId, this.#leaseTtlMs],
    );
    if (holder === requestId) return { acquired: true };
    return { acquired: false, heldBy: String(holder) };
  }

  async keepLifecycle<T>(vmKey: string, requestId: string, fn: () => Promise<T>): Promise<T> {
    const key = this.#lifecycleKey(vmKey);
    // Only extends a lease still ours: one released by `fn` (the stop step) is not taken back.
    const renew = setInterval(
      () => {
        COMPARE_AND_EXTEND.run(this.#redis, [key], [requestId, this.#leaseTtlMs]).catch(() => {});
      },
      Math.max(1, Math.floor(this.#leaseTtlMs / 3)),
    );
    try {
      return await fn();
    } finally {
      clearInterval(renew);
    }
  }

  async releaseLifecycle(vmKey: string, requestId: string): Promise<void> {
    await COMPARE_AND_DELETE.run(this.#redis, [this.#lifecycleKey(vmKey)], [requestId]);
  }

  async lifecycleHolder(vmKey: string): Promise<string | undefined> {
    return (await this.#redis.get(this.#lifecycleKey(vmKey))) ?? undefined;
  }

  async withProtectionMutex<T>(
    vmKey: string,
    fn: () => Promise<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const key = this.#protectionKey(vmKey);
    const token = randomUUID();
    await this.#take(key, token, options.signal);
    // Renew at a third of the TTL, so two renewals can fail (a Redis blip) before the mutex lapses.
    const renew = setInterval(
      () => {
        COMPARE_AND_EXTEND.run(this.#redis, [key], [token, this.#ttlMs]).then(
          (extended) => {
            if (extended === 0) {
              clearInterval(renew);
              this.#onLost?.(vmKey);
            }
          },
          () => {}, // a failed renewal is retried on the next tick
        );
      },
      Math.max(1, Math.floor(this.#ttlMs / 3)),
    );
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await COMPARE_AND_DELETE.run(this.#redis, [key], [token]);
    }
  }

  async #take(key: string, token: string, signal: AbortSignal | undefined): Promise<void> {
    let delay = 25;
    for (;;) {
      if (signal?.aborted) throw abortedError(signal);
      const taken = await this.#redis.set(key, token, "PX", this.#ttlMs, "NX");
      if (taken === "OK") return;
      // Jitter so waiters released together don't retry in lockstep.
      await sleep(delay / 2 + Math.random() * (delay / 2), signal);
      delay = Math.min(delay * 2, this.#maxDelayMs);
    }
  }

  #lifecycleKey(vmKey: string): string {
    return `${this.#prefix}:vm:${vmKey}:lifecycle`;
  }
  #protectionKey(vmKey: string): string {
    return `${this.#prefix}:vm:${vmKey}:protection`;
  }
}
