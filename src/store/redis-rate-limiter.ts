/**
 * `RateLimiter` as a token bucket in Redis, shared by every process: ARM's write limit is per
 * subscription, so each worker counting for itself would let N workers write N times too fast.
 *
 * The bucket `<prefix>:ratelimit:<key>` is a hash {tokens, at}. One Lua script refills it by the time
 * elapsed on Redis's own clock (`TIME`, so process clocks don't matter), then takes a token or says how
 * long until one is there. An idle bucket expires: a missing bucket is a full one.
 */

import type { RateLimiter } from "../commands/ports/coordination.ts";
import { abortedError, LuaScript, sleep } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

export interface RedisRateLimiterOptions {
  redis: RedisClient;
  prefix: string;
  /** Tokens added per second, e.g. 5 to stay well below ARM's 10 writes/s per subscription. */
  ratePerSecond: number;
  /** Most tokens the bucket holds: the largest burst allowed after a quiet spell. */
  burst: number;
}

/**
 * KEYS[1] bucket. ARGV: rate per ms, burst. Returns 0 when a token was taken, else the wait in ms.
 * Redis 7 replicates a script's effects, not the script, so reading TIME before writing is safe.
 */
const TAKE = new LuaScript(
  `local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait`,
  1,
);

export class RedisRateLimiter implements RateLimiter {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #ratePerMs: number;
  readonly #burst: number;

  constructor(options: RedisRateLimiterOptions) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError("ratePerSecond must be above 0 and burst at least 1.");
    }
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#ratePerMs = options.ratePerSecond / 1000;
    this.#burst = options.burst;
  }

  async acquire(key: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    for (;;) {
      if (signal?.aborted) throw abortedError(signal);
      const wait = Number(
        await TAKE.run(this.#redis, [`${this.#prefix}:ratelimit:${key}`], [this.#ratePerMs, this.#burst]),
      );
      if (wait <= 0) return;
      // The wait is exact for us alone; others may take the token first, so we just ask again.
      await sleep(wait + Math.random() * 5, signal);
    }
  }
}
