/**
 * `DeliveryState` on Redis, shared by every bot process and every platform: each message's ref and
 * shown version (a hash), edit slots and post claims (`SET NX PX`), its thread replies' markers (a
 * hash), one-shot markers, burst lines.
 * Keys: `<prefix>:delivery:…`; ids carry their platform or request, so platforms never collide.
 */

import { cardMessageId, toldMarker, undeliverableMarker } from "../commands/delivery/ids.ts";
import type { DeliveredMessage, DeliveryState } from "../commands/ports/delivery-state.ts";
import { RAISE_SHOWN, RECORD_BURST, RECORD_LATEST, REPLY_ONCE } from "./delivery-scripts.ts";
import type { RedisClient } from "./redis-connection.ts";

const messageKey = (prefix: string, id: string): string => `${prefix}:delivery:msg:${id}`;
const markerKey = (prefix: string, marker: string): string => `${prefix}:delivery:once:${marker}`;

/**
 * Every delivery key of one request's card (under the store's `prefix`), for the request store's
 * pruning to remove with the request: the message, its post claim, edit slot and reply markers, and
 * the request's undeliverable and told markers. All of them also expire on their own.
 */
export function requestDeliveryKeys(prefix: string, requestId: string): string[] {
  const message = messageKey(prefix, cardMessageId(requestId));
  return [
    message,
    `${message}:post`,
    `${message}:slot`,
    `${message}:replies`,
    markerKey(prefix, undeliverableMarker(requestId)),
    markerKey(prefix, toldMarker(requestId)),
  ];
}

export interface RedisDeliveryStateOptions {
  redis: RedisClient;
  /** e.g. `kura`. */
  prefix: string;
}

export class RedisDeliveryState implements DeliveryState {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #storePrefix: string;

  constructor(options: RedisDeliveryStateOptions) {
    this.#redis = options.redis;
    this.#storePrefix = options.prefix;
    this.#prefix = `${options.prefix}:delivery`;
  }

  #msg(id: string): string {
    return messageKey(this.#storePrefix, id);
  }

  #data(id: string): string {
    return `${this.#prefix}:data:{${id}}`;
  }

  async get(id: string): Promise<DeliveredMessage | undefined> {
    const h = await this.#redis.hgetall(this.#msg(id));
    if (!h.channel || !h.message) return undefined;
    return { ref: { channelId: h.channel, messageId: h.message }, shown: Number(h.shown ?? 0) };
  }

  async save(id: string, message: DeliveredMessage, ttlMs: number): Promise<void> {
    const { channelId, messageId } = message.ref;
    await this.#redis
      .multi()
      .hset(this.#msg(id), { channel: channelId, message: messageId, shown: message.shown })
      .pexpire(this.#msg(id), ttlMs)
      .exec();
  }

  async raiseShown(id: string, shown: number, ttlMs: number): Promise<void> {
    await RAISE_SHOWN.run(this.#redis, [this.#msg(id)], [shown, ttlMs]);
  }

  async claimPost(id: string, holdMs: number): Promise<boolean> {
    return (await this.#redis.set(`${this.#msg(id)}:post`, "1", "PX", holdMs, "NX")) === "OK";
  }

  async releasePost(id: string): Promise<void> {
    await this.#redis.del(`${this.#msg(id)}:post`);
  }

  async markEdited(id: string, everyMs: number): Promise<void> {
    await this.#redis.set(`${this.#msg(id)}:slot`, "1", "PX", everyMs);
  }

  async takeEditSlot(id: string, everyMs: number): Promise<number> {
    const key = `${this.#msg(id)}:slot`;
    if ((await this.#redis.set(key, "1", "PX", everyMs, "NX")) === "OK") return 0;
    // The slot may expire between the two calls (-2): then it is free on the next try.
    return Math.max(await this.#redis.pttl(key), 10);
  }

  async once(marker: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.set(markerKey(this.#storePrefix, marker), "1", "PX", ttlMs, "NX")) === "OK";
  }

  async marked(marker: string): Promise<boolean> {
    return (await this.#redis.exists(markerKey(this.#storePrefix, marker))) === 1;
  }

  async forget(marker: string): Promise<void> {
    await this.#redis.del(markerKey(this.#storePrefix, marker));
  }

  async replyOnce(id: string, marker: string, ttlMs: number): Promise<boolean> {
    return Number(await REPLY_ONCE.run(this.#redis, [`${this.#msg(id)}:replies`], [marker, ttlMs])) === 1;
  }

  async forgetReply(id: string, marker: string): Promise<void> {
    await this.#redis.hdel(`${this.#msg(id)}:replies`, marker);
  }

  async recordBurst(id: string, marker: string, line: string, keep: number, ttlMs: number): Promise<number> {
    const data = this.#data(id);
    // One hash tag for the three keys: the script stays in one slot on Redis Cluster.
    const keys = [data, `${data}:lines`, `${data}:pos:${marker}`];
    return Number(await RECORD_BURST.run(this.#redis, keys, [line, keep, ttlMs]));
  }

  async readBurst(id: string, keep: number): Promise<{ count: number; lines: string[] }> {
    const data = this.#data(id);
    const [count, lines] = await Promise.all([
      this.#redis.hget(data, "count"),
      this.#redis.lrange(`${data}:lines`, 0, keep - 1),
    ]);
    return { count: Number(count ?? 0), lines };
  }

  async recordLatest(id: string, entry: string, order: number, ttlMs: number): Promise<number> {
    const keys = [this.#data(id)];
    return Number(await RECORD_LATEST.run(this.#redis, keys, [entry, order, ttlMs]));
  }

  async readLatest(id: string): Promise<{ entry: string; order: number } | undefined> {
    const h = await this.#redis.hgetall(this.#data(id));
    return h.entry === undefined ? undefined : { entry: h.entry, order: Number(h.order ?? 0) };
  }
}
