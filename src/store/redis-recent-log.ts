/**
 * A bounded, ordered log of JSON items in Redis, each replaceable in place by id: the local
 * console's channel history (a reload shows what was said; edits replace a card where it stands).
 * Adding past `max` drops the oldest items, so the log never grows without bound.
 */

import { LuaScript } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

/** KEYS: items hash, order zset, sequence. ARGV: id, json, max, mode ("add" | "replace"). */
const PUT = new LuaScript(
  `
local known = redis.call('ZSCORE', KEYS[2], ARGV[1])
if ARGV[4] == 'replace' then
  if not known then return 0 end
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if known then return 1 end
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if over > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
  redis.call('HDEL', KEYS[1], unpack(old))
end
return 1
`,
  3,
);

export interface RedisRecentLogOptions {
  redis: RedisClient;
  /** Key prefix (kura's `redis.prefix`). */
  prefix: string;
  /** Which log under the prefix, e.g. `console`. */
  name: string;
  /** Items kept; adding more drops the oldest. */
  max: number;
}

export class RedisRecentLog<T extends { id: string }> {
  readonly #redis: RedisClient;
  readonly #keys: [string, string, string];
  readonly #max: number;

  constructor(options: RedisRecentLogOptions) {
    this.#redis = options.redis;
    // One hash tag: the script's keys share a slot in Redis Cluster.
    const base = `${options.prefix}:{log:${options.name}}`;
    this.#keys = [`${base}:items`, `${base}:order`, `${base}:seq`];
    this.#max = options.max;
  }

  /** Appends `item`, or replaces the item with its id where it stands. */
  async add(item: T): Promise<void> {
    await PUT.run(this.#redis, this.#keys, [item.id, JSON.stringify(item), this.#max, "add"]);
  }

  /** Replaces the item with `item.id`; false when there is none (never added, or dropped as old). */
  async replace(item: T): Promise<boolean> {
    return (
      (await PUT.run(this.#redis, this.#keys, [item.id, JSON.stringify(item), this.#max, "replace"])) === 1
    );
  }

  async get(id: string): Promise<T | undefined> {
    const json = await this.#redis.hget(this.#keys[0], id);
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  /** Every item kept, oldest first. */
  async list(): Promise<T[]> {
    const ids = await this.#redis.zrange(this.#keys[1], 0, -1);
    if (ids.length === 0) return [];
    const values = await this.#redis.hmget(this.#keys[0], ...ids);
    return values.flatMap((json) => (json === null ? [] : [JSON.parse(json) as T]));
  }
}
