/**
 * A Lua script run with EVALSHA, falling back to EVAL when the server's script cache lacks it.
 * Redis empties that cache on restart and failover, so the fallback is what keeps stores working
 * across both; the SHA is computed once, here, not per call.
 */
import { createHash } from "node:crypto";
import { KuraError } from "../commands/errors.ts";
import type { RedisClient } from "./redis-connection.ts";

export class LuaScript {
  readonly source: string;
  readonly numberOfKeys: number;
  readonly sha: string;

  constructor(source: string, numberOfKeys: number) {
    this.source = source;
    this.numberOfKeys = numberOfKeys;
    this.sha = createHash("sha1").update(source, "utf8").digest("hex");
  }

  /** Runs the script; `keys` must hold exactly `numberOfKeys` names (declared keys keep it cluster-safe). */
  async run(
    redis: RedisClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    if (keys.length !== this.numberOfKeys) {
      throw new Error(`Lua script expects ${this.numberOfKeys} keys, got ${keys.length}`);
    }
    try {
      return await redis.evalsha(this.sha, this.numberOfKeys, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      // EVAL also caches the script, so the next call takes the fast path again.
      return await redis.eval(this.source, this.numberOfKeys, ...keys, ...args);
    }
  }
}

/** The error a store throws when the caller's signal aborts a wait (a lock, a rate-limit token). */
export function abortedError(signal: AbortSignal | undefined): KuraError {
  return new KuraError("ABORTED", "Stopped waiting: the operation was cancelled.", { cause: signal?.reason });
}

/** Sleeps `ms`, waking early with an `ABORTED` error when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
