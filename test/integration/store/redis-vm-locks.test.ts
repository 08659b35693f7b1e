import assert from "node:assert/strict";
import { describe, type TestContext, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { VmLocks } from "../../../src/commands/ports/coordination.ts";
import { RedisVmLocks } from "../../../src/store/redis-vm-locks.ts";
import { useRedis } from "../../helpers/redis.ts";

/** Two lock clients on separate connections, as two worker processes would have. */
type MakeLocks = (t: TestContext) => { locks: VmLocks; other: VmLocks };

const redisLocks: MakeLocks = (t) => {
  const { redis, connect, prefix } = useRedis(t);
  return {
    locks: new RedisVmLocks({ redis, prefix, maxRetryDelayMs: 20 }),
    other: new RedisVmLocks({ redis: connect(), prefix, maxRetryDelayMs: 20 }),
  };
};

function vmLocksConformance(name: string, make: MakeLocks): void {
  describe(`VmLocks conformance: ${name}`, () => {
    test("a free lease is acquired; the same request re-acquires it; another sees who holds it", async (t) => {
      const { locks, other } = make(t);
      assert.deepEqual(await locks.acquireLifecycle("web-01", "req-a"), { acquired: true });
      assert.deepEqual(await other.acquireLifecycle("web-01", "req-a"), { acquired: true });
      assert.deepEqual(await other.acquireLifecycle("web-01", "req-b"), { acquired: false, heldBy: "req-a" });
      assert.equal(await other.lifecycleHolder("web-01"), "req-a");
      // Leases are per VM.
      assert.deepEqual(await other.acquireLifecycle("web-02", "req-b"), { acquired: true });
    });

    test("release by another request does nothing; release by the owner frees the lease", async (t) => {
      const { locks, other } = make(t);
      await locks.acquireLifecycle("web-01", "req-a");
      await other.releaseLifecycle("web-01", "req-b");
      assert.equal(await locks.lifecycleHolder("web-01"), "req-a");
      await other.releaseLifecycle("web-01", "req-a");
      assert.equal(await locks.lifecycleHolder("web-01"), undefined);
      assert.deepEqual(await other.acquireLifecycle("web-01", "req-b"), { acquired: true });
      await locks.releaseLifecycle("web-09", "req-a"); // releasing a lease nobody holds is harmless
    });

    test("concurrent acquires of a free lease: exactly one request wins", async (t) => {
      const { locks, other } = make(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? locks : other).acquireLifecycle("web-01", `req-${i}`)),
      );
      const holder = await locks.lifecycleHolder("web-01");
      assert.equal(results.filter((r) => r.acquired).length, 1);
      for (const r of results) if (!r.acquired) assert.equal(r.heldBy, holder);
    });

    test("the protection mutex never lets two fns overlap on one VM", async (t) => {
      const { locks, other } = make(t);
      const spans: { start: number; end: number }[] = [];
      let inside = 0;
      let maxInside = 0;
      const work = async (): Promise<number> => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        const start = performance.now();
        await delay(5);
        const end = performance.now();
        inside--;
        spans.push({ start, end });
        return spans.length;
      };
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? locks : other).withProtectionMutex("web-01", work)),
      );
      assert.equal(maxInside, 1);
      spans.sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++) {
        assert.ok((spans[i]?.start ?? 0) >= (spans[i - 1]?.end ?? 0), `span ${i} overlaps the one before`);
      }
      assert.deepEqual(
        [...results].sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    });

    test("the mutex is per VM, is released when fn throws, and passes fn's error on", async (t) => {
      const { locks, other } = make(t);
      await assert.rejects(
        locks.withProtectionMutex("web-01", async () => {
          throw new Error("boom");
        }),
        /boom/,
      );
      // Free again at once (not after a TTL), and another VM never waited on it.
      assert.equal(await other.withProtectionMutex("web-01", async () => "ok"), "ok");
      const inner = await locks.withProtectionMutex("web-01", () =>
        other.withProtectionMutex("web-02", async () => "nested on another VM"),
      );
      assert.equal(inner, "nested on another VM");
    });

    test("waiting for the mutex stops with ABORTED when the signal aborts", async (t) => {
      const { locks, other } = make(t);
      let release: () => void = () => {};
      const held = locks.withProtectionMutex("web-01", () => new Promise<void>((r) => (release = r)));
      await delay(20);
      const controller = new AbortController();
      let ran = false;
      const waiting = other.withProtectionMutex(
        "web-01",
        async () => {
          ran = true;
        },
        { signal: controller.signal },
      );
      await delay(30);
      controller.abort();
      await assert.rejects(waiting, { code: "ABORTED" });
      release();
      await held;
      assert.equal(ran, false);
    });
  });
}

vmLocksConformance("redis", redisLocks);

describe("RedisVmLocks specifics", () => {
  test("a lifecycle lease expires unless its holder renews it; the same request re-takes it", async (t) => {
    const { redis, prefix } = useRedis(t);
    const locks = new RedisVmLocks({ redis, prefix, leaseTtlMs: 150 });
    await locks.acquireLifecycle("web-01", "req-a");
    // Renewed while the holder runs: held across three TTLs.
    await locks.keepLifecycle("web-01", "req-a", () => delay(450));
    assert.equal(await locks.lifecycleHolder("web-01"), "req-a");
    // Nobody renews it any more (BullMQ gave up on its job): it lapses and the VM is free.
    await delay(250);
    assert.equal(await locks.lifecycleHolder("web-01"), undefined);
    assert.deepEqual(await locks.acquireLifecycle("web-01", "req-b"), { acquired: true });
    // Renewal never takes back a lease another request holds now.
    await locks.keepLifecycle("web-01", "req-a", () => delay(100));
    assert.equal(await locks.lifecycleHolder("web-01"), "req-b");
  });

  test("the protection mutex has a TTL and is renewed while fn runs", async (t) => {
    const { redis, prefix } = useRedis(t);
    // A TTL long enough that a busy machine's event-loop stalls don't outlast it between renewals.
    const locks = new RedisVmLocks({ redis, prefix, protectionTtlMs: 1_200 });
    const key = `${prefix}:vm:web-01:protection`;
    const ttls = await locks.withProtectionMutex("web-01", async () => {
      const seen: number[] = [];
      // Hold it for three TTLs: without renewal the key would be gone.
      for (let i = 0; i < 9; i++) {
        await delay(400);
        seen.push(await redis.pttl(key));
      }
      return seen;
    });
    assert.ok(
      ttls.every((ttl) => ttl > 0),
      `ttls ${ttls.join(",")}`,
    );
    assert.equal(await redis.exists(key), 0);
  });

  test("a lost mutex is reported, and its new owner's key is not deleted by the old holder", async (t) => {
    const { redis, prefix } = useRedis(t);
    const lost: string[] = [];
    const locks = new RedisVmLocks({
      redis,
      prefix,
      protectionTtlMs: 90,
      onProtectionLost: (vm) => lost.push(vm),
    });
    const key = `${prefix}:vm:web-01:protection`;
    await locks.withProtectionMutex("web-01", async () => {
      await redis.set(key, "someone-else"); // as if ours expired during a stall and another took it
      await delay(100);
    });
    assert.deepEqual(lost, ["web-01"]);
    assert.equal(await redis.get(key), "someone-else");
  });
});
