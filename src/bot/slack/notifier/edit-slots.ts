/**
 * Where kura's Slack messages are and what they show, in Redis, shared by every bot process:
 * the message (`channel`, `ts`) of each card, the newest version it shows, a one-per-second edit
 * slot per message, and one-shot markers. Coalescing is built from these: an event whose version
 * is already shown is dropped; otherwise it takes the message's edit slot or waits for it.
 */
import type { Redis } from "ioredis";
import { Reschedule } from "./reschedule.ts";

export interface MessageState {
  channel: string;
  ts: string;
  /** Newest version (request version, or burst count) the message shows. */
  shown: number;
}

// Raises `shown` only; an older render finishing late cannot lower it.
const RAISE_SHOWN = `local cur = tonumber(redis.call('HGET', KEYS[1], 'shown') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'shown', ARGV[1]) end
return 1`;

export class MessageStates {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #ttlSeconds: number;

  /** `prefix` e.g. `kura:slack`; state lives `ttlSeconds` after the last change (default 30 days). */
  constructor(redis: Redis, prefix: string, ttlSeconds = 30 * 86_400) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#ttlSeconds = ttlSeconds;
  }

  key(id: string): string {
    return `${this.#prefix}:msg:${id}`;
  }

  async get(id: string): Promise<MessageState | undefined> {
    const h = await this.#redis.hgetall(this.key(id));
    return h.ts && h.channel ? { channel: h.channel, ts: h.ts, shown: Number(h.shown ?? 0) } : undefined;
  }

  /** `ttlSeconds` overrides the default life (a burst's message lives only while the burst does). */
  async save(id: string, state: MessageState, ttlSeconds = this.#ttlSeconds): Promise<void> {
    await this.#redis
      .multi()
      .hset(this.key(id), { channel: state.channel, ts: state.ts, shown: state.shown })
      .expire(this.key(id), ttlSeconds)
      .exec();
  }

  async raiseShown(id: string, shown: number, ttlSeconds = this.#ttlSeconds): Promise<void> {
    await this.#redis.eval(RAISE_SHOWN, 1, this.key(id), shown);
    await this.#redis.expire(this.key(id), ttlSeconds);
  }

  /**
   * The right to post a message's first version; held `holdMs` so a crashed poster frees it. A
   * loser waits for the winner (Reschedule) rather than posting a duplicate.
   */
  async claimPost(id: string, holdMs = 30_000): Promise<() => Promise<void>> {
    const key = `${this.key(id)}:post`;
    const won = await this.#redis.set(key, "1", "PX", holdMs, "NX");
    if (!won) throw new Reschedule(Date.now() + 250, "first post in progress");
    return async () => {
      await this.#redis.del(key);
    };
  }

  /** Starts the message's edit slot without waiting (right after posting it). */
  async markEdited(id: string, everyMs: number): Promise<void> {
    await this.#redis.set(`${this.key(id)}:slot`, "1", "PX", everyMs);
  }

  /** The message's edit slot: at most one edit per `everyMs`; otherwise Reschedule to its end. */
  async takeEditSlot(id: string, everyMs: number): Promise<void> {
    const key = `${this.key(id)}:slot`;
    if (await this.#redis.set(key, "1", "PX", everyMs, "NX")) return;
    const left = await this.#redis.pttl(key);
    throw new Reschedule(Date.now() + Math.max(left, 20) + 10, "coalescing edits");
  }

  /** True the first time `marker` is seen (e.g. a thread reply per event); `forget` undoes it. */
  async once(marker: string): Promise<boolean> {
    return (
      (await this.#redis.set(`${this.#prefix}:once:${marker}`, "1", "EX", this.#ttlSeconds, "NX")) === "OK"
    );
  }

  async forget(marker: string): Promise<void> {
    await this.#redis.del(`${this.#prefix}:once:${marker}`);
  }
}
