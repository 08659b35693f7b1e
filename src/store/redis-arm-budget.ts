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

import type { CallPriority } from "../commands/ports/backup-gateway.ts";
import type { ArmBudget, ArmRequestKind } from "../commands/ports/coordination.ts";
import { PriorityLine } from "../priority-line.ts";
import { abortedError, LuaScript } from "./lua-script.ts";
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
  /** Percent of each bucket kura leaves for the subscription's other clients (0–90). @defaultValue 5 */
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

/**
 * ARGV[3] reserve, ARGV[4] tokens wanted. Takes as many as are above the reserve, up to the number
 * wanted; returns { taken, wait in ms until the next one is above the reserve (0 if all were taken) }.
 */
const TAKE = new LuaScript(
  `${REFILL}local reserve = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])
local taken = math.max(0, math.min(wanted, math.floor(tokens - reserve)))
tokens = tokens - taken
local wait = 0
if taken < wanted then wait = math.ceil((reserve + 1 - tokens) / rate) end
${SAVE}return {taken, wait}`,
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

/** Tokens asked for in one round trip: bounds the script's work; more come in the next round. */
const MAX_TOKENS_PER_CALL = 100;

export class RedisArmBudget implements ArmBudget {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #shapes: Record<ArmRequestKind, { ratePerMs: number; burst: number; reserve: number }>;
  readonly #queues = new Map<string, WaitQueue>();
  /** Per bucket: the lowest remaining count ARM gave since the last OBSERVE went out, not yet sent. */
  readonly #observed = new Map<string, number>();
  /** Per bucket: the last OBSERVE queued or on its way to Redis; the next one waits for it. */
  readonly #sending = new Map<string, Promise<void>>();

  constructor(options: RedisArmBudgetOptions) {
    const percent = options.reservePercent ?? 5;
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

  /**
   * Callers of one bucket queue in this process (`high` first, then in arrival order) and one loop
   * takes tokens for the head of the queue, as many per round trip as are waiting. So a token that
   * comes free goes to the caller that should have it, and a hundred waiting calls cost one Redis
   * call per refill instead of a hundred callers polling. Processes share the bucket in Redis.
   */
  take(
    subscriptionId: string,
    kind: ArmRequestKind,
    options: { signal?: AbortSignal; priority?: CallPriority; order?: number } = {},
  ): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    const key = this.#key(subscriptionId, kind);
    let queue = this.#queues.get(key);
    if (!queue) {
      queue = new WaitQueue();
      this.#queues.set(key, queue);
    }
    const waiting = queue.add(options.priority ?? "normal", options.order, signal);
    if (!queue.draining) void this.#drain(key, kind, queue);
    return waiting;
  }

  async #drain(key: string, kind: ArmRequestKind, queue: WaitQueue): Promise<void> {
    const { ratePerMs, burst, reserve } = this.#shapes[kind];
    queue.draining = true;
    // Callers arriving in this same tick join the first round, so it already serves them by priority.
    await Promise.resolve();
    try {
      while (queue.size > 0) {
        const wanted = Math.min(queue.size, MAX_TOKENS_PER_CALL);
        let taken: number;
        let wait: number;
        try {
          const answer = (await TAKE.run(this.#redis, [key], [ratePerMs, burst, reserve, wanted])) as [
            number | string,
            number | string,
          ];
          taken = Number(answer[0]);
          wait = Number(answer[1]);
        } catch (err) {
          // Redis unreachable: everyone waiting learns it now rather than hanging.
          queue.failAll(err);
          return;
        }
        queue.grant(taken);
        // Exact for this process alone; another may take the token first, so we ask again then.
        if (queue.size > 0 && wait > 0) await queue.pause(wait + Math.random() * 10);
      }
    } finally {
      queue.draining = false;
      if (queue.size === 0) this.#queues.delete(key);
      else void this.#drain(key, kind, queue);
    }
  }

  /**
   * Follows what ARM said after a call. Every call's answer carries a remaining count, so counts seen
   * together (a burst of answers, or while one is on its way to Redis) go in one OBSERVE with the
   * lowest of them: what applying each in turn would leave, for one round trip instead of one per
   * call. A 429's Retry-After goes at once: its caller retries only after the bucket was emptied.
   */
  async observe(
    subscriptionId: string,
    kind: ArmRequestKind,
    seen: { remaining?: number | undefined; retryAfterMs?: number | undefined },
  ): Promise<void> {
    const remaining = seen.remaining ?? -1;
    const retry = seen.retryAfterMs ?? 0;
    if (remaining < 0 && retry <= 0) return;
    const key = this.#key(subscriptionId, kind);
    if (retry > 0) return this.#observe(key, kind, remaining, retry);
    const pending = this.#observed.get(key);
    this.#observed.set(key, Math.min(pending ?? remaining, remaining));
    const queued = this.#sending.get(key);
    // A count not yet sent is carried by the last OBSERVE queued for the bucket: join it.
    if (pending !== undefined && queued) return queued;
    // Counts seen in this same tick, and while an earlier OBSERVE of the bucket is out, join this one.
    const sent = (queued ?? Promise.resolve()).then(async () => {
      const lowest = this.#observed.get(key) ?? remaining;
      this.#observed.delete(key);
      await this.#observe(key, kind, lowest, 0);
      if (this.#sending.get(key) === sent) this.#sending.delete(key);
    });
    this.#sending.set(key, sent);
    return sent;
  }

  async #observe(key: string, kind: ArmRequestKind, remaining: number, retry: number): Promise<void> {
    const { ratePerMs, burst, reserve } = this.#shapes[kind];
    await OBSERVE.run(this.#redis, [key], [ratePerMs, burst, reserve, remaining, retry]).catch(() => {});
  }

  #key(subscriptionId: string, kind: ArmRequestKind): string {
    return `${this.#prefix}:armbudget:${subscriptionId.toLowerCase()}:${kind}`;
  }
}

/** This process's callers waiting for one bucket (src/priority-line.ts), and the drain loop's pause. */
class WaitQueue extends PriorityLine {
  draining = false;
  #wake: (() => void) | undefined;

  constructor() {
    // Called only after construction: when an abort empties the line, the drain loop stops pausing.
    super(abortedError, () => this.#wake?.());
  }

  /** Waits `ms`, or less if every waiter gave up meanwhile (nothing is left to wait for). */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#wake?.(), ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}
