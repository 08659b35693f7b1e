/**
 * `EventOutbox` on Redis: the transactional outbox of request events.
 *
 * Why: a request's state and its notification used to be two writes (the store, then BullMQ), so a
 * crash between them lost the notification. Now the request store's transition script also writes
 * the event here, atomically with the state (request-store-scripts.ts, COMPARE_AND_SET). The journal
 * then emits the event as before and acks it; a periodic relay (`RequestJournal.relayOutbox`, run by
 * the worker's maintenance) re-emits what was never acked after a few seconds. Emitting twice is
 * harmless: the notification job id is the event id, and BullMQ drops the second copy.
 *
 * Keys (under the store's prefix, so on Redis Cluster a `{tag}` prefix keeps them in the request's slot):
 * - `<prefix>:outbox:events`   hash, event id → event JSON
 * - `<prefix>:outbox:pending`  sorted set of event ids, scored by when they were written (ms)
 *
 * The outbox is capped (`OUTBOX_CAP` entries, the oldest dropped first), so a relay that never runs
 * cannot grow Redis without bound.
 */
import type { EventOutbox, KuraEvent } from "../commands/ports/events.ts";
import { LuaScript } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

export const OUTBOX_CAP = 10_000;

export function outboxKeys(prefix: string): { events: string; pending: string } {
  return { events: `${prefix}:outbox:events`, pending: `${prefix}:outbox:pending` };
}

/** KEYS: events, pending. ARGV: event id. */
const ACK = new LuaScript(
  `redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`,
  2,
);

export interface RedisEventOutboxOptions {
  redis: RedisClient;
  /** The request store's prefix (the outbox is written by its transition script). */
  prefix: string;
}

export class RedisEventOutbox implements EventOutbox {
  readonly #redis: RedisClient;
  readonly #keys: { events: string; pending: string };

  constructor(options: RedisEventOutboxOptions) {
    this.#redis = options.redis;
    this.#keys = outboxKeys(options.prefix);
  }

  async pending(olderThanMs: number, limit = 100): Promise<KuraEvent[]> {
    const ids = await this.#redis.zrangebyscore(
      this.#keys.pending,
      "-inf",
      Date.now() - olderThanMs,
      "LIMIT",
      0,
      limit,
    );
    if (ids.length === 0) return [];
    const raws = await this.#redis.hmget(this.#keys.events, ...ids);
    const events: KuraEvent[] = [];
    for (const [i, raw] of raws.entries()) {
      if (raw !== null) events.push(JSON.parse(raw) as KuraEvent);
      // An id without its event (acked in between): drop the stray index entry.
      else await this.ack(ids[i] as string);
    }
    return events;
  }

  async ack(eventId: string): Promise<void> {
    await ACK.run(this.#redis, [this.#keys.events, this.#keys.pending], [eventId]);
  }
}
