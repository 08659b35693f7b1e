/**
 * `VmLocks` on Redis.
 *
 * - Lifecycle lease `<prefix>:vm:<vmKey>:lifecycle` = request id. No TTL: the lease belongs to a
 *   request, not a process, and must survive a worker crash so the restarted worker carries on with it.
 *   Only `releaseLifecycle` with the same request id frees it.
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

export class RedisVmLocks implements VmLocks {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #maxDelayMs: number;
  readonly #onLost: ((vmKey: string) => void) | undefined;

  constructor(options: RedisVmLocksOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#ttlMs = options.protectionTtlMs ?? 60_000;
    this.#maxDelayMs = options.maxRetryDelayMs ?? 500;
    this.#onLost = options.onProtectionLost;
  }

  async acquireLifecycle(vmKey: string, requestId: string): Promise<LeaseResult> {
    // SET NX GET (Redis 7): one atomic step that either takes the lease or tells us who has it.
    const previous = await this.#redis.call("SET", this.#lifecycleKey(vmKey), requestId, "NX", "GET");
    if (previous === null || previous === requestId) return { acquired: true };
    return { acquired: false, heldBy: String(previous) };
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
