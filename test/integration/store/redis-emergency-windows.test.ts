/**
 * Creating an emergency window request is one write: a connection lost part-way leaves either the
 * whole request (readable, pending, expiring) or nothing — never a request without a status that no
 * approval can move and no expiry ever finds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Redis } from "ioredis";
import type { EmergencyRequest } from "../../../src/commands/gc/ports.ts";
import { RedisEmergencyWindows } from "../../../src/store/redis-emergency-windows.ts";
import { useRedis } from "../../helpers/redis.ts";

function request(id: string): EmergencyRequest {
  const actor = { platform: "slack", id: "U1", name: "Ann" };
  return {
    id,
    vmName: "web-01",
    vault: { subscriptionId: "s", resourceGroup: "rg", name: "rsv" },
    hours: 4,
    requester: actor,
    conversation: { platform: "slack", channel: "C1" },
    createdAt: "2026-11-26T03:00:00.000Z",
    expiresAt: "2026-11-26T04:00:00.000Z",
    status: "pending",
    version: 1,
  } as unknown as EmergencyRequest;
}

/** The same connection, except that the connection is lost after its first write of a create. */
function dyingAfterOneWrite(redis: Redis): Redis {
  let writes = 0;
  return new Proxy(redis, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const isWrite = ["hsetnx", "multi", "evalsha", "eval", "hset", "zadd"].includes(String(name));
        if (isWrite && ++writes > 1) throw new Error("Connection is closed.");
        return value.apply(target, args);
      };
    },
  });
}

describe("RedisEmergencyWindows.create", () => {
  it("all or nothing: a request created is pending, approvable and expires", async (t) => {
    const { redis, prefix } = useRedis(t);
    const store = new RedisEmergencyWindows({ redis, prefix });
    await store.create(request("e1"));
    assert.equal((await store.get("e1"))?.status, "pending");
    assert.deepEqual(
      (await store.listExpired(new Date("2026-11-26T05:00:00.000Z"))).map((r) => r.id),
      ["e1"],
    );
    await assert.rejects(store.create(request("e1")), /exists/);
    assert.equal((await store.transition("e1", ["pending"], { status: "approved" }))?.status, "approved");
  });

  it("a connection lost part-way never leaves half a request", async (t) => {
    const { redis, prefix } = useRedis(t);
    const store = new RedisEmergencyWindows({ redis: dyingAfterOneWrite(redis), prefix });
    const outcome = await store.create(request("e2")).then(
      () => "created",
      () => "failed",
    );
    const reader = new RedisEmergencyWindows({ redis, prefix });
    const stored = await reader.get("e2");
    if (outcome === "failed") assert.equal(stored, undefined, "a failed create stores nothing");
    if (stored) {
      assert.equal((await reader.transition("e2", ["pending"], { status: "rejected" }))?.status, "rejected");
    }
  });
});
