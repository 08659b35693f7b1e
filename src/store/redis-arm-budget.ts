/**
 * `ArmBudget` in Redis: one token bucket per subscription and kind (reads, writes), shared by every
 * kura process, shaped like ARM's own (ARM grants a burst and refills it per second, per subscription)
 * and kept in step with it by what ARM says after each call (`x-ms-ratelimit-remaining-subscription-*`,
 * and `Retry-After` on a 429). Kura spends ARM's burst but never the last `reserve` tokens of it: those
 * are left to the subscription's other clients (the portal, pipelines, other tools), and when they
 * spend more, ARM's header shows it and kura waits.
 *
 * The bucket `<prefix>:armbudget:<subscription>:<kind>` is a hash {tokens, at}, refilled on Redis's own
 * clock (`TIME`); an idle bucket expires, and a missing bucket is a full one.
 */

import type { ArmBudget, ArmRequestKind } from "../commands/ports/coordination.ts";
import { abortedError, LuaScript, sleep } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

/** One kind's bucket: ARM's burst and refill (ref §5: reads 250 / 25 per s, writes 200 / 10 per s). */
export interface ArmBucketShape {
  burst: number;
  perSecond: number;
}

export interface RedisArmBudgetOptions {
  redis: RedisClient;
  prefix: string;
  reads: ArmBucketShape;
  writes: ArmBucketShape;
  /** Percent of each bucket kura leaves for the subscription's other clients (0–90). @defaultValue 10 */
  reservePercent?: number;
}

/** Refills the bucket to now; shared by both scripts. ARGV[1] rate per ms, ARGV[2] burst. */
const REFILL = `local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
`;
const SAVE = `redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
`;

/** ARGV[3] reserve. Returns 0 when a token was taken, else the wait in ms until one is above the reserve. */
const TAKE = new LuaScript(
  `${REFILL}local reserve = tonumber(ARGV[3])
local wait = 0
if tokens >= reserve + 1 then tokens = tokens - 1 else wait = math.ceil((reserve + 1 - tokens) / rate) end
${SAVE}return wait`,
  1,
);

/** ARGV[3] reserve, ARGV[4] ARM's remaining count (-1: unknown), ARGV[5] Retry-After in ms (0: none). */
const OBSERVE = new LuaScript(
  `${REFILL}local reserve = tonumber(ARGV[3])
local remaining = tonumber(ARGV[4])
local retry = tonumber(ARGV[5])
if remaining >= 0 then tokens = math.min(tokens, remaining) end
if retry > 0 then tokens = math.min(tokens, reserve + 1 - retry * rate) end
${SAVE}return 0`,
  1,
);

export class RedisArmBudget implements ArmBudget {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #shapes: Record<ArmRequestKind, { ratePerMs: number; burst: number; reserve: number }>;

  constructor(options: RedisArmBudgetOptions) {
    const percent = options.reservePercent ?? 10;
    if (!(percent >= 0 && percent <= 90)) throw new RangeError("reservePercent must be within 0–90.");
    const shape = ({ burst, perSecond }: ArmBucketShape) => {
      if (!(perSecond > 0) || !(burst >= 1))
        throw new RangeError("perSecond must be above 0, burst at least 1.");
      // The reserve never takes the whole bucket: kura always has one token to spend.
      const reserve = Math.min(burst - 1, Math.floor((burst * percent) / 100));
      return { ratePerMs: perSecond / 1000, burst, reserve };
    };
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#shapes = { reads: shape(options.reads), writes: shape(options.writes) };
  }

  async take(subscriptionId: string, kind: ArmRequestKind, options: { signal?: AbortSignal } = {}) {
    const { signal } = options;
    const { ratePerMs, burst, reserve } = this.#shapes[kind];
    for (;;) {
      if (signal?.aborted) throw abortedError(signal);
      const wait = Number(
        await TAKE.run(this.#redis, [this.#key(subscriptionId, kind)], [ratePerMs, burst, reserve]),
      );
      if (wait <= 0) return;
      // Exact for us alone; another process may take the token first, so we ask again.
      await sleep(wait + Math.random() * 10, signal);
    }
  }

  async observe(
    subscriptionId: string,
    kind: ArmRequestKind,
    seen: { remaining?: number | undefined; retryAfterMs?: number | undefined },
  ): Promise<void> {
    const remaining = seen.remaining ?? -1;
    const retry = seen.retryAfterMs ?? 0;
    if (remaining < 0 && retry <= 0) return;
    const { ratePerMs, burst, reserve } = this.#shapes[kind];
    await OBSERVE.run(
      this.#redis,
      [this.#key(subscriptionId, kind)],
      [ratePerMs, burst, reserve, remaining, retry],
    ).catch(() => {});
  }

  #key(subscriptionId: string, kind: ArmRequestKind): string {
    return `${this.#prefix}:armbudget:${subscriptionId.toLowerCase()}:${kind}`;
  }
}
