/**
 * kura on a Redis Cluster of its own (three local nodes, never the machine's Redis): a whole backup
 * lifecycle and a weekly GC window pass on the emulator, and the stores whose Lua scripts the
 * lifecycle does not reach (delivery state, the console's log, emergency windows). With a hash-tagged
 * prefix every key of kura's, BullMQ's included, sits in one slot; without one, a cluster would refuse
 * the multi-key scripts with CROSSSLOT.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EmergencyRequest } from "../../../src/commands/gc/ports.ts";
import { keyspaceNodes } from "../../../src/store/redis-connection.ts";
import { RedisDeliveryState } from "../../../src/store/redis-delivery-state.ts";
import { RedisEmergencyWindows } from "../../../src/store/redis-emergency-windows.ts";
import { RedisIdempotency } from "../../../src/store/redis-idempotency.ts";
import { RedisRecentLog } from "../../../src/store/redis-recent-log.ts";
import { RedisRequestStore } from "../../../src/store/redis-request-store.ts";
import { type KuraStack, startKuraStack } from "../../helpers/kura-stack.ts";
import {
  auditActions,
  backupJobsOf,
  protectionOf,
  requestAndApprove,
  waitForEnd,
} from "../../helpers/lifecycle.ts";
import { startRedisCluster } from "../../helpers/redis-cluster.ts";
import { recoveryDone, startGcStack, statesOf } from "../gc/gc-helpers.ts";

/** Every key under the stack's prefix, by the cluster node that holds it, with their slots. */
async function keyPlacement(stack: KuraStack): Promise<{ nodes: number; slots: Set<number>; keys: number }> {
  let nodes = 0;
  let keys = 0;
  const slots = new Set<number>();
  for (const node of keyspaceNodes(stack.runtime.redis)) {
    const found: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", `${stack.prefix}:*`, "COUNT", 500);
      cursor = next;
      found.push(...batch);
    } while (cursor !== "0");
    if (found.length > 0) nodes += 1;
    keys += found.length;
    for (const key of found) slots.add(Number(await node.call("CLUSTER", "KEYSLOT", key)));
  }
  return { nodes, slots, keys };
}

describe("kura on a three-node Redis Cluster", () => {
  it("runs a backup lifecycle, a GC window pass and every store script", async (t) => {
    const cluster = await startRedisCluster(t);
    const redis = { url: cluster.url, cluster: true };

    await t.test("a whole backup lifecycle", async (t) => {
      const stack = await startKuraStack(t, { redis });
      assert.match(stack.prefix, /^\{kuratest-[0-9a-f]+\}$/);
      await stack.startWorker();
      const request = await requestAndApprove(stack.runtime, "web-01", 7);
      const done = await waitForEnd(stack.runtime, request.id);
      assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
      assert.equal((await backupJobsOf(stack.runtime, "web-01")).length, 1);
      assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
      assert.deepEqual(await auditActions(stack.runtime, request.id), [
        "request.created",
        "request.approved",
        "azure.resume",
        "azure.trigger",
        "azure.stop",
      ]);
      const placement = await keyPlacement(stack);
      assert.ok(placement.keys > 5, `kura wrote its keys (${placement.keys})`);
      assert.deepEqual([placement.nodes, placement.slots.size], [1, 1], "one node, one slot");
    });

    await t.test("a weekly GC window opens and closes", async (t) => {
      const stack = await startGcStack(t, { start: "2026-11-26T03:00:00.000Z", redis });
      await stack.startWorker();
      await recoveryDone(stack);
      await stack.travelTo("2026-11-27T15:01:00.000Z"); // Saturday 00:01 Tokyo
      const opened = (await stack.fire("gc-open")) as { kind: string; settled: number; total: number };
      assert.deepEqual([opened.kind, opened.settled, opened.total], ["done", 5, 5]);
      assert.ok(Object.values(await statesOf(stack)).every((state) => state === "Protected"));
      await stack.travelTo("2026-11-29T15:01:00.000Z"); // Monday 00:01 Tokyo
      const closed = (await stack.fire("gc-close")) as { kind: string; settled: number };
      assert.deepEqual([closed.kind, closed.settled], ["done", 5]);
      assert.ok(Object.values(await statesOf(stack)).every((state) => state === "ProtectionStopped"));
      const full = await stack.runtime.gc.state.lastFullWindow(
        "00000000-0000-0000-0000-000000000001/rg-kura-demo/rsv-kura-demo/web-01",
      );
      assert.equal(full?.toISOString(), "2026-11-29T15:00:00.000Z", "web-01 had a whole window");
    });

    await t.test("delivery state, the console's log, idempotency and emergency windows", async (t) => {
      const stack = await startKuraStack(t, { redis });
      const { redis: client } = stack.runtime;
      const prefix = stack.prefix;

      const delivery = new RedisDeliveryState({ redis: client, prefix });
      await delivery.save("card-1", { ref: { channelId: "C1", messageId: "m1" }, shown: 1 }, 60_000);
      await delivery.raiseShown("card-1", 3, 60_000);
      assert.equal((await delivery.get("card-1"))?.shown, 3);
      assert.equal(await delivery.recordBurst("burst-1", "e1", "one", 5, 60_000), 1);
      assert.equal(await delivery.recordBurst("burst-1", "e2", "two", 5, 60_000), 2);
      assert.equal(
        await delivery.recordBurst("burst-1", "e1", "one", 5, 60_000),
        1,
        "a replay keeps its place",
      );
      assert.deepEqual(await delivery.readBurst("burst-1", 5), { count: 2, lines: ["two", "one"] });
      assert.equal(await delivery.recordLatest("latest-1", "b", 2, 60_000), 2);
      assert.deepEqual(await delivery.readLatest("latest-1"), { entry: "b", order: 2 });
      assert.deepEqual(
        [await delivery.replyOnce("card-1", "e1", 60_000), await delivery.replyOnce("card-1", "e1", 60_000)],
        [true, false],
      );

      const log = new RedisRecentLog<{ id: string; text: string }>({
        redis: client,
        prefix,
        name: "console",
        max: 2,
      });
      for (const id of ["a", "b", "c"]) await log.add({ id, text: id });
      assert.equal(await log.replace({ id: "c", text: "c2" }), true);
      assert.deepEqual(await log.list(), [
        { id: "b", text: "b" },
        { id: "c", text: "c2" },
      ]);

      const idempotency = new RedisIdempotency({ redis: client, prefix });
      assert.deepEqual(
        [await idempotency.claim("k", 60_000), await idempotency.claim("k", 60_000)],
        [true, false],
      );

      const windows = new RedisEmergencyWindows({ redis: client, prefix });
      const asked: EmergencyRequest = {
        id: "e1",
        vmName: "db-01",
        vault: { subscriptionId: "s", resourceGroup: "rg", name: "v" },
        hours: 24,
        requester: { platform: "test", id: "U-alice", name: "alice" },
        conversation: { platform: "test", channelId: "C1" },
        createdAt: "2026-11-26T03:00:00.000Z",
        expiresAt: "2026-11-26T04:00:00.000Z",
        status: "pending",
        version: 1,
      };
      await windows.create(asked);
      const approved = await windows.transition("e1", ["pending"], {
        status: "approved",
        opensAt: "2026-11-26T03:00:00.000Z",
        closesAt: "2026-11-27T03:00:00.000Z",
      });
      assert.equal(approved?.status, "approved");
      assert.equal((await windows.list("DB-01")).length, 1);
      assert.equal(await windows.transition("e1", ["pending"], { status: "rejected" }), undefined);

      // History retention: the prune script (the request, its indexes, outbox and delivery keys in one
      // slot) and the audit stream's trim.
      const store = new RedisRequestStore({ redis: client, prefix });
      const { vmName, vault, requester, conversation, createdAt, expiresAt } = asked;
      const backup = { vmName, vault, requester, conversation, createdAt, expiresAt, version: 1 };
      await store.create({
        ...backup,
        id: "r-ended",
        retentionDays: 7,
        status: "succeeded",
        finishedAt: createdAt,
      });
      const pruned = await store.pruneEnded(new Date("2027-01-01T00:00:00.000Z"), { limit: 10, offset: 0 });
      assert.deepEqual(pruned, { looked: 1, removed: 1 });
      assert.equal(await store.get("r-ended"), undefined);
      await stack.runtime.audit.append({
        at: createdAt,
        action: "x",
        actor: "kura",
        correlationId: "r-ended",
      });
      assert.equal(await stack.runtime.audit.trimBefore(new Date(0)), 0);

      const placement = await keyPlacement(stack);
      assert.deepEqual([placement.nodes, placement.slots.size], [1, 1], "one node, one slot");

      // Why the configuration insists on the hash tag: without it the request store's script spans slots.
      const untagged = new RedisRequestStore({ redis: client, prefix: prefix.replace(/[{}]/g, "") });
      await assert.rejects(
        untagged.create({ ...backup, id: "r-untagged", retentionDays: 7, status: "pending" }),
        /CROSSSLOT/,
      );
    });
  });
});
