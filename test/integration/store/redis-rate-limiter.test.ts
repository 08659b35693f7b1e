import assert from "node:assert/strict";
import { describe, type TestContext, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { RateLimiter } from "../../../src/commands/ports/coordination.ts";
import { RedisRateLimiter } from "../../../src/store/redis-rate-limiter.ts";
import { useRedis } from "../../helpers/redis.ts";

interface Bucket {
  ratePerSecond: number;
  burst: number;
}
/** Two limiters sharing one bucket over separate connections: two worker processes. */
type MakeLimiters = (t: TestContext, bucket: Bucket) => { limiter: RateLimiter; other: RateLimiter };

const redisLimiters: MakeLimiters = (t, bucket) => {
  const { redis, connect, prefix } = useRedis(t);
  return {
    limiter: new RedisRateLimiter({ redis, prefix, ...bucket }),
    other: new RedisRateLimiter({ redis: connect(), prefix, ...bucket }),
  };
};

function rateLimiterConformance(name: string, make: MakeLimiters): void {
  describe(`RateLimiter conformance: ${name}`, () => {
    test("acquires from two processes never exceed burst + rate × elapsed", async (t) => {
      const bucket = { ratePerSecond: 40, burst: 5 };
      const { limiter, other } = make(t, bucket);
      const started = performance.now();
      const takenAt: number[] = [];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? limiter : other).acquire("arm-writes:sub-1").then(() => takenAt.push(performance.now())),
        ),
      );
      takenAt.sort((a, b) => a - b);
      takenAt.forEach((at, i) => {
        const allowed = bucket.burst + (bucket.ratePerSecond * (at - started)) / 1000;
        // +1 for rounding between Redis's clock and ours; the count, not the timing, is what we check.
        assert.ok(
          i + 1 <= allowed + 1,
          `${i + 1} tokens by ${Math.round(at - started)} ms, allowed ${allowed}`,
        );
      });
      // And it does let work through: 25 refills at 40/s is ~0.6 s; allow a slow CI machine plenty.
      assert.ok((takenAt.at(-1) ?? 0) - started < 10_000);
    });

    test("a full bucket lets a burst through at once; buckets are separate per key", async (t) => {
      const { limiter } = make(t, { ratePerSecond: 0.01, burst: 3 });
      const timedOut = AbortSignal.timeout(2_000);
      for (let i = 0; i < 3; i++) await limiter.acquire("sub-1", { signal: timedOut });
      await limiter.acquire("sub-2", { signal: timedOut });
    });

    test("waiting stops with ABORTED when the signal aborts", async (t) => {
      const { limiter, other } = make(t, { ratePerSecond: 0.01, burst: 1 });
      await limiter.acquire("sub-1");
      const controller = new AbortController();
      const waiting = other.acquire("sub-1", { signal: controller.signal });
      await delay(30);
      controller.abort();
      await assert.rejects(waiting, { code: "ABORTED" });
      await assert.rejects(other.acquire("sub-1", { signal: AbortSignal.abort() }), { code: "ABORTED" });
    });
  });
}

rateLimiterConformance("redis", redisLimiters);

describe("RedisRateLimiter specifics", () => {
  test("the bucket lives under the prefix and expires when idle", async (t) => {
    const { redis, prefix } = useRedis(t);
    const limiter = new RedisRateLimiter({ redis, prefix, ratePerSecond: 10, burst: 10 });
    await limiter.acquire("sub-1");
    const ttl = await redis.pttl(`${prefix}:ratelimit:sub-1`);
    assert.ok(ttl > 0 && ttl <= 2_000, `ttl ${ttl}`);
    assert.equal(Number(await redis.hget(`${prefix}:ratelimit:sub-1`, "tokens")) < 10, true);
  });

  test("rejects a configuration that could never hand out a token", (t) => {
    const { redis, prefix } = useRedis(t);
    assert.throws(() => new RedisRateLimiter({ redis, prefix, ratePerSecond: 0, burst: 1 }), RangeError);
    assert.throws(() => new RedisRateLimiter({ redis, prefix, ratePerSecond: 1, burst: 0 }), RangeError);
  });
});
