/**
 * ARM-style token buckets per subscription and kind (ref §5). Refill is measured in real time: throttling
 * protects the emulator's caller-facing rate, which has nothing to do with how fast virtual time runs.
 */
import type { ThrottleConfig } from "../types.ts";

export type RequestKind = "reads" | "writes";

export interface TakeResult {
  ok: boolean;
  /** Tokens left after this request (the `x-ms-ratelimit-remaining-subscription-*` value). */
  remaining: number;
  /** Whole seconds until a token is available (the 429's `Retry-After`). */
  retryAfterSeconds: number;
}

export class TokenBuckets {
  readonly #config: () => ThrottleConfig;
  readonly #realNow: () => number;
  #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(config: () => ThrottleConfig, realNow: () => number = () => performance.now()) {
    this.#config = config;
    this.#realNow = realNow;
  }

  take(subscription: string, kind: RequestKind): TakeResult {
    const cfg = this.#config();
    const size = kind === "reads" ? cfg.readBucket : cfg.writeBucket;
    const refill = kind === "reads" ? cfg.readRefillPerSecond : cfg.writeRefillPerSecond;
    const key = `${subscription.toLowerCase()}|${kind}`;
    const now = this.#realNow();
    const bucket = this.#buckets.get(key) ?? { tokens: size, at: now };
    bucket.tokens = Math.min(size, bucket.tokens + ((now - bucket.at) / 1000) * refill);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (!cfg.enabled) return { ok: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const wait = refill > 0 ? Math.ceil((1 - bucket.tokens) / refill) : 3600;
    return { ok: false, remaining: 0, retryAfterSeconds: Math.max(1, wait) };
  }

  /** Refills every bucket (used by reset and by behaviour changes). */
  clear(): void {
    this.#buckets = new Map();
  }
}
