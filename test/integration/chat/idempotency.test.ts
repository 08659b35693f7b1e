import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RedisIdempotency } from "../../../src/store/redis-idempotency.ts";
import { useRedis } from "../../helpers/redis.ts";

describe("RedisIdempotency on real Redis", () => {
  it("grants a key once, to one of many concurrent claimants, and lets it expire", async (t) => {
    const { redis, prefix, connect } = useRedis(t);
    const here = new RedisIdempotency({ redis, prefix });
    const elsewhere = new RedisIdempotency({ redis: connect(), prefix });
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? here : elsewhere).claim("slack:trigger-1", 60_000)),
    );
    assert.equal(claims.filter(Boolean).length, 1);
    assert.equal(await here.claim("slack:trigger-2", 60_000), true);
    const ttl = await redis.pttl(`${prefix}:idem:slack:trigger-1`);
    assert.ok(ttl > 0 && ttl <= 60_000, `expires on its own (pttl ${ttl})`);
  });
});
