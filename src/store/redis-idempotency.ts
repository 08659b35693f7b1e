/**
 * `IdempotencyStore` on Redis: one key per claim, `<prefix>:idem:<key>`, set with `SET NX PX` so the
 * first claimant wins atomically across processes and the key disappears on its own after the TTL.
 */

import type { IdempotencyStore } from "../commands/ports/idempotency.ts";
import type { RedisClient } from "./redis-connection.ts";

export interface RedisIdempotencyOptions {
  redis: RedisClient;
  prefix: string;
}

export class RedisIdempotency implements IdempotencyStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;

  constructor(options: RedisIdempotencyOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const set = await this.#redis.set(`${this.#prefix}:idem:${key}`, "1", "PX", ttl, "NX");
    return set === "OK";
  }
}
