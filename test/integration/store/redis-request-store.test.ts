import assert from "node:assert/strict";
import { describe, type TestContext, test } from "node:test";
import type { BackupRequest, RequestStore } from "../../../src/commands/ports/requests.ts";
import { RedisRequestStore } from "../../../src/store/redis-request-store.ts";
import { keysUnder, useRedis } from "../../helpers/redis.ts";

/** Two stores over the same data on separate connections: two processes, as far as Redis can tell. */
type MakeStores = (t: TestContext) => { store: RequestStore; other: RequestStore; prefix: string };

const redisStores: MakeStores = (t) => {
  const { redis, connect, prefix } = useRedis(t);
  return {
    store: new RedisRequestStore({ redis, prefix }),
    other: new RedisRequestStore({ redis: connect(), prefix }),
    prefix,
  };
};

const T0 = Date.parse("2026-03-01T09:00:00Z");

function request(id: string, overrides: Partial<BackupRequest> = {}): BackupRequest {
  const createdMs = overrides.createdAt ? Date.parse(overrides.createdAt) : T0;
  return {
    id,
    vmName: "web-01",
    vault: { subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroup: "rg", name: "vault" },
    retentionDays: 7,
    requester: { platform: "slack", id: "U1", name: "Aiko" },
    conversation: { platform: "slack", channelId: "C1" },
    createdAt: new Date(createdMs).toISOString(),
    expiresAt: new Date(createdMs + 30 * 60_000).toISOString(),
    status: "pending",
    version: 1,
    warnings: [],
    ...overrides,
  };
}

const minutes = (n: number): string => new Date(T0 + n * 60_000).toISOString();
const ids = (requests: BackupRequest[]): string[] => requests.map((r) => r.id);

function requestStoreConformance(name: string, make: MakeStores): void {
  describe(`RequestStore conformance: ${name}`, () => {
    test("create then get returns the request as stored, empty arrays included", async (t) => {
      const { store } = make(t);
      const created = request("r1", { reason: "before patching" });
      await store.create(created);
      assert.deepEqual(await store.get("r1"), created);
      assert.equal(await store.get("missing"), undefined);
    });

    test("create refuses an id that exists and leaves the first request alone", async (t) => {
      const { store } = make(t);
      await store.create(request("r1"));
      await assert.rejects(store.create(request("r1", { vmName: "db-01" })), { code: "REQUEST_EXISTS" });
      assert.equal((await store.get("r1"))?.vmName, "web-01");
      assert.deepEqual(ids(await store.listByVm("db-01", 10)), []);
    });

    test("transition applies the patch, bumps the version and keeps identity fields", async (t) => {
      const { store } = make(t);
      await store.create(request("r1"));
      const by = { platform: "slack", id: "U2" };
      const approved = await store.transition("r1", ["pending"], {
        status: "approved",
        decision: { by, at: minutes(1) },
      });
      assert.equal(approved?.status, "approved");
      assert.equal(approved?.version, 2);
      assert.deepEqual(approved?.decision, { by, at: minutes(1) });
      assert.deepEqual(await store.get("r1"), approved);
      const sneaky = { id: "other", createdAt: minutes(9), version: 99 } as unknown as { status: "running" };
      const running = await store.transition("r1", ["approved"], { ...sneaky, status: "running" });
      assert.deepEqual([running?.id, running?.createdAt, running?.version], ["r1", minutes(0), 3]);
    });

    test("transition resolves undefined when the status is not in `from`, or the request is missing", async (t) => {
      const { store } = make(t);
      await store.create(request("r1"));
      assert.equal(await store.transition("r1", ["approved", "running"], { status: "running" }), undefined);
      assert.equal(await store.transition("nope", ["pending"], { status: "approved" }), undefined);
      assert.equal((await store.get("r1"))?.version, 1);
    });

    test("plain updates: `from` may include the current status (progress while running)", async (t) => {
      const { store } = make(t);
      await store.create(request("r1", { status: "running" }));
      const first = await store.transition("r1", ["running"], { progress: { step: "backup", percent: 10 } });
      const second = await store.transition("r1", ["running"], { progress: { step: "backup", percent: 60 } });
      assert.equal(first?.version, 2);
      assert.deepEqual(second?.progress, { step: "backup", percent: 60 });
      assert.equal(second?.version, 3);
      const cleared = await store.transition("r1", ["running"], { progress: undefined });
      assert.equal(cleared && "progress" in cleared, false);
      assert.equal((await store.get("r1"))?.progress, undefined);
    });

    test("transition given the request as read: applies the patch while it is still what is stored", async (t) => {
      const { store } = make(t);
      await store.create(request("r1"));
      const read = await store.get("r1");
      assert.ok(read);
      const approved = await store.transition(read, ["pending"], { status: "approved" });
      assert.deepEqual([approved?.status, approved?.version], ["approved", 2]);
      // What a transition returns is as good as a read for the next one.
      const running = approved && (await store.transition(approved, ["approved"], { status: "running" }));
      assert.deepEqual([running?.status, running?.version], ["running", 3]);
      assert.deepEqual(await store.get("r1"), running);
    });

    test("transition given an out-of-date request decides on what is stored, and loses nothing", async (t) => {
      const { store, other } = make(t);
      await store.create(request("r1"));
      const stale = await store.get("r1");
      assert.ok(stale);
      // Another process approves and asks for a cancel after `stale` was read.
      await other.transition("r1", ["pending"], { status: "approved" });
      const asked = { by: { platform: "slack", id: "U9" }, at: minutes(2) };
      await other.transition("r1", ["approved"], { cancelRequested: asked });
      // `stale` says pending; the stored request is approved, so this approval-only move applies…
      const running = await store.transition(stale, ["approved"], { status: "running" });
      assert.deepEqual([running?.status, running?.version], ["running", 4]);
      assert.deepEqual(running?.cancelRequested, asked, "the other process's write is kept");
      // …and a move from pending is refused although `stale` still says pending.
      assert.equal(await store.transition(stale, ["pending"], { status: "expired" }), undefined);
      assert.equal((await store.get("r1"))?.status, "running");
    });

    test("20 concurrent approvals from two connections: exactly one wins", async (t) => {
      const { store, other } = make(t);
      await store.create(request("r1"));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? store : other).transition("r1", ["pending"], {
            status: "approved",
            decision: { by: { platform: "slack", id: `U${i}` }, at: minutes(1) },
          }),
        ),
      );
      const winners = results.filter((r) => r !== undefined);
      assert.equal(winners.length, 1);
      const stored = await store.get("r1");
      assert.equal(stored?.version, 2);
      assert.deepEqual(stored?.decision, winners[0]?.decision);
      assert.deepEqual(ids(await store.listActive()), ["r1"]);
    });

    test("concurrent plain updates from two connections are never lost", async (t) => {
      const { store, other } = make(t);
      await store.create(request("r1", { status: "running" }));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? store : other).transition("r1", ["running"], { progress: { step: `s${i}` } }),
        ),
      );
      assert.equal(results.filter((r) => r !== undefined).length, 20);
      const versions = results.map((r) => r?.version).sort((a, b) => (a ?? 0) - (b ?? 0));
      assert.deepEqual(
        versions,
        Array.from({ length: 20 }, (_, i) => i + 2),
      );
      assert.equal((await store.get("r1"))?.version, 21);
    });

    test("listByVm and listRecent: newest first, limited, VM names case-insensitive", async (t) => {
      const { store } = make(t);
      await store.create(request("a", { createdAt: minutes(0) }));
      await store.create(request("b", { createdAt: minutes(2), vmName: "DB-01" }));
      await store.create(request("c", { createdAt: minutes(1), vmName: "Web-01" }));
      await store.create(request("d", { createdAt: minutes(3) }));
      assert.deepEqual(ids(await store.listByVm("WEB-01", 10)), ["d", "c", "a"]);
      assert.deepEqual(ids(await store.listByVm("web-01", 2)), ["d", "c"]);
      assert.deepEqual(ids(await store.listByVm("db-01", 10)), ["b"]);
      assert.deepEqual(ids(await store.listRecent(3)), ["d", "b", "c"]);
      assert.deepEqual(ids(await store.listRecent(0)), []);
    });

    test("listActive and listExpired follow every transition", async (t) => {
      const { store, other } = make(t);
      // expiresAt = createdAt + 30 min
      await store.create(request("p1", { createdAt: minutes(0) }));
      await store.create(request("p2", { createdAt: minutes(10) }));
      await store.create(request("p3", { createdAt: minutes(20) }));
      assert.deepEqual(ids(await store.listActive()), []);
      assert.deepEqual(ids(await store.listExpired(new Date(Date.parse(minutes(29))))), []);
      assert.deepEqual(ids(await store.listExpired(new Date(Date.parse(minutes(30))))), ["p1"]);
      assert.deepEqual(ids(await other.listExpired(new Date(Date.parse(minutes(45))))), ["p1", "p2"]);

      await store.transition("p1", ["pending"], { status: "approved" });
      await other.transition("p2", ["pending"], { status: "rejected" });
      assert.deepEqual(ids(await store.listActive()), ["p1"]);
      assert.deepEqual(ids(await store.listExpired(new Date(Date.parse(minutes(60))))), ["p3"]);

      await store.transition("p1", ["approved"], { status: "running" });
      await store.transition("p3", ["pending"], { status: "approved" });
      assert.deepEqual(ids(await other.listActive()), ["p3", "p1"]);

      await store.transition("p1", ["running"], { status: "succeeded", finishedAt: minutes(40) });
      await store.transition("p3", ["approved"], { status: "cancelled" });
      assert.deepEqual(ids(await store.listActive()), []);
      assert.deepEqual(ids(await store.listExpired(new Date(Date.parse(minutes(90))))), []);
      // History stays: terminal requests are still listed.
      assert.deepEqual(ids(await store.listRecent(10)), ["p3", "p2", "p1"]);
    });

    test("a patched expiresAt or vmName moves the request in the indexes", async (t) => {
      const { store } = make(t);
      await store.create(request("r1"));
      await store.transition("r1", ["pending"], { expiresAt: minutes(120), vmName: "web-02" });
      assert.deepEqual(ids(await store.listExpired(new Date(Date.parse(minutes(60))))), []);
      assert.deepEqual(ids(await store.listExpired(new Date(Date.parse(minutes(120))))), ["r1"]);
      assert.deepEqual(ids(await store.listByVm("web-01", 10)), []);
      assert.deepEqual(ids(await store.listByVm("web-02", 10)), ["r1"]);
    });
  });
}

requestStoreConformance("redis", redisStores);

test("redis request store: key layout stays under the prefix", async (t) => {
  const { store, prefix } = redisStores(t);
  const { redis } = useRedis(t);
  await store.create(request("r1", { vmName: "Web-01" }));
  await store.transition("r1", ["pending"], { status: "approved" });
  assert.deepEqual(await keysUnder(redis, prefix), [
    `${prefix}:request:r1`,
    `${prefix}:requests:active`,
    `${prefix}:requests:by-created`,
    `${prefix}:requests:vm:web-01`,
  ]);
});
