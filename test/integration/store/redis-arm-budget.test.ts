/**
 * The shared ARM budget (src/store/redis-arm-budget.ts) on real Redis, and spent by the SDK pipeline
 * (src/azure/arm-budget-policy.ts) against the emulator's ARM throttling over HTTPS: the reserve,
 * buckets per subscription and kind, ARM's remaining-count header followed, a 429 retried as one call.
 * Counts, never timings: "waits" is shown by a take still pending when its signal aborts.
 */
import assert from "node:assert/strict";
import { after, before, describe, type TestContext, test } from "node:test";
import type { BackupGateway, ProtectedVm } from "../../../src/commands/ports/backup-gateway.ts";
import type { ArmBudget, ArmRequestKind } from "../../../src/commands/ports/coordination.ts";
import { RedisArmBudget } from "../../../src/store/redis-arm-budget.ts";
import { startTestEmulator, type TestEmulator } from "../../helpers/emulator.ts";
import { useRedis } from "../../helpers/redis.ts";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";

/** True when `take` is still waiting after the others settled: its signal aborts it. */
async function waits(budget: ArmBudget, sub: string, kind: ArmRequestKind): Promise<boolean> {
  const controller = new AbortController();
  const taken = budget.take(sub, kind, { signal: controller.signal }).then(
    () => false,
    (error: { code?: string }) => error.code === "ABORTED",
  );
  setTimeout(() => controller.abort(), 150);
  return taken;
}

describe("RedisArmBudget on real Redis", () => {
  test("spends the burst down to the reserve, per subscription and kind, and follows what ARM says", async (t) => {
    const { redis, connect, prefix } = useRedis(t);
    // A refill so slow it cannot matter here: 1 token per 1000 s.
    const shape = { burst: 10, perSecond: 0.001 };
    const budget = new RedisArmBudget({ redis, prefix, reads: shape, writes: shape, reservePercent: 20 });
    const otherProcess = new RedisArmBudget({
      redis: connect(),
      prefix,
      reads: shape,
      writes: shape,
      reservePercent: 20,
    });

    // 10 tokens, 2 reserved: 8 calls between two processes, then the ninth waits.
    for (let i = 0; i < 8; i++) await (i % 2 ? budget : otherProcess).take(SUB_A, "reads");
    assert.equal(await waits(budget, SUB_A, "reads"), true);
    // Writes and another subscription have buckets of their own.
    await budget.take(SUB_A, "writes");
    await budget.take(SUB_B, "reads");

    // ARM says 3 reads remain in B (other clients spent them): one more, then the reserve.
    await budget.observe(SUB_B, "reads", { remaining: 3 });
    await budget.take(SUB_B, "reads");
    assert.equal(await waits(budget, SUB_B, "reads"), true);

    // A 429 with Retry-After empties the bucket; a header above kura's own count never raises it.
    await budget.observe(SUB_A, "writes", { remaining: 0, retryAfterMs: 5_000 });
    assert.equal(await waits(otherProcess, SUB_A, "writes"), true);
    const tokens = Number(await redis.hget(`${prefix}:armbudget:${SUB_A}:writes`, "tokens"));
    await budget.observe(SUB_A, "writes", { remaining: 199 });
    assert.ok(Number(await redis.hget(`${prefix}:armbudget:${SUB_A}:writes`, "tokens")) <= tokens + 0.01);
  });

  test("ARM's counts seen together go to Redis in one OBSERVE, with the lowest of them", async (t) => {
    const { redis, prefix } = useRedis(t);
    const shape = { burst: 200, perSecond: 0.001 };
    // Counts the scripts the budget runs (EVALSHA; EVAL after a cache miss) on the real connection.
    let scripts = 0;
    const counted = new Proxy(redis, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if ((name !== "evalsha" && name !== "eval") || typeof value !== "function") return value;
        return (...args: unknown[]) => {
          scripts++;
          return value.apply(target, args);
        };
      },
    });
    const budget = new RedisArmBudget({
      redis: counted,
      prefix,
      reads: shape,
      writes: shape,
      reservePercent: 0,
    });
    // A burst of answers: each carries ARM's remaining count, in no particular order.
    await Promise.all([150, 120, 180, 130].map((remaining) => budget.observe(SUB_A, "reads", { remaining })));
    assert.equal(scripts, 1, "one OBSERVE for four answers seen together");
    const tokens = Number(await redis.hget(`${prefix}:armbudget:${SUB_A}:reads`, "tokens"));
    assert.ok(Math.abs(tokens - 120) < 0.01, `the lowest count wins: ${tokens}`);
    // While one is on its way, the next counts wait and then go together.
    const first = budget.observe(SUB_A, "reads", { remaining: 110 });
    await Promise.resolve();
    await Promise.all([
      first,
      budget.observe(SUB_A, "reads", { remaining: 90 }),
      budget.observe(SUB_A, "reads", { remaining: 100 }),
    ]);
    assert.ok(scripts <= 3, `${scripts} OBSERVEs for seven answers`);
    assert.ok(Math.abs(Number(await redis.hget(`${prefix}:armbudget:${SUB_A}:reads`, "tokens")) - 90) < 0.01);
  });

  test("when callers wait, high-priority calls get the next tokens first, the lowest order first", async (t) => {
    const { redis, prefix } = useRedis(t);
    // No reserve, a token every 20 ms once the burst of 2 is spent.
    const shape = { burst: 2, perSecond: 50 };
    const budget = new RedisArmBudget({ redis, prefix, reads: shape, writes: shape, reservePercent: 0 });
    await budget.take(SUB_A, "reads");
    await budget.take(SUB_A, "reads");

    const order: string[] = [];
    const take = (name: string, priority: "high" | "normal", rank?: number) =>
      budget
        .take(SUB_A, "reads", { priority, ...(rank === undefined ? {} : { order: rank }) })
        .then(() => order.push(name));
    await Promise.all([
      take("normal-1", "normal"),
      take("normal-2", "normal"),
      take("high-started-later", "high", 2_000),
      take("normal-3", "normal"),
      take("high-started-first", "high", 1_000),
    ]);
    assert.deepEqual(order, ["high-started-first", "high-started-later", "normal-1", "normal-2", "normal-3"]);
  });
});

describe("the ARM budget in the SDK pipeline, against the emulator's throttling", () => {
  // ARM's shape scaled down: 30 reads, 10 more per second.
  const throttle = {
    enabled: true,
    readBucket: 30,
    readRefillPerSecond: 10,
    writeBucket: 200,
    writeRefillPerSecond: 10,
  };
  let emu: TestEmulator;
  let vms: ProtectedVm[];
  before(async () => {
    emu = await startTestEmulator({ behaviour: { throttle: { ...throttle, enabled: false } } });
    vms = await emu.gateway().listProtectedVms();
  });
  after(() => emu.close());

  /** ARM's bucket full again (a behaviour change refills it). */
  async function armFull(): Promise<void> {
    await emu.admin.behaviour({ throttle });
  }
  const refreshAll = (gw: BackupGateway, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => gw.refreshVm(vms[i % vms.length] as ProtectedVm)));
  const throttledSince = async (before: number) => (await emu.admin.stats()).throttled - before;
  /** kura's budget shaped like the emulator's scaled-down ARM, under the test's own Redis prefix. */
  const scaledBudget = (t: TestContext, reservePercent?: number) => {
    const { redis, prefix } = useRedis(t);
    return new RedisArmBudget({
      redis,
      prefix,
      reads: { burst: 30, perSecond: 10 },
      writes: { burst: 10, perSecond: 1 },
      ...(reservePercent === undefined ? {} : { reservePercent }),
    });
  };

  test("60 concurrent reads through a shared budget: no 429 (without it: 429s)", async (t) => {
    const budget = scaledBudget(t);
    await armFull();
    let before = (await emu.admin.stats()).throttled;
    const answers = await refreshAll(emu.gateway({ budget }), 60);
    assert.equal(answers.length, 60);
    assert.equal(await throttledSince(before), 0);

    // The same load without the budget is what the budget prevents (short Retry-Afters are retried
    // by the SDK itself, so the calls may still succeed, but ARM answered 429s).
    await armFull();
    before = (await emu.admin.stats()).throttled;
    await refreshAll(emu.gateway(), 60).catch(() => undefined);
    assert.ok((await throttledSince(before)) > 0);
  });

  test("follows ARM's remaining-reads header when another client spent the bucket", async (t) => {
    const budget = scaledBudget(t);
    await armFull();
    // Another tool on the subscription spends 25 of ARM's 30 reads; kura's own bucket is still full.
    await refreshAll(emu.gateway(), 25);
    const gw = emu.gateway({ budget });
    await gw.refreshVm(vms[0] as ProtectedVm); // ARM's header now tells kura what is left
    const before = (await emu.admin.stats()).throttled;
    await refreshAll(gw, 20);
    assert.equal(await throttledSince(before), 0);
  });

  test("a 429 retries that one call after Retry-After, and the call succeeds", async (t) => {
    const budget = scaledBudget(t, 0);
    await emu.admin.behaviour({ throttle: { ...throttle, readRefillPerSecond: 2 } });
    // Another client empties ARM's bucket; kura does not know yet.
    await refreshAll(emu.gateway({ retry: { maxRetries: 0 } }), 30);
    const before = (await emu.admin.stats()).throttled;
    const gw = emu.gateway({ budget, retry: { maxRetries: 0 } });
    const vm = await gw.refreshVm(vms[1] as ProtectedVm);
    assert.equal(vm.vmName, vms[1]?.vmName);
    assert.ok((await throttledSince(before)) >= 1, "ARM answered 429 at least once");
  });
});
