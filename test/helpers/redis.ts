/**
 * Real Redis for integration tests: each test gets its own random key prefix, every key under it is
 * removed afterwards (SCAN + UNLINK), and every connection it opened is closed. Tests never share
 * state, so they can run in parallel against one server.
 *
 * `REDIS_URL` picks the server (default `redis://127.0.0.1:6379`).
 */
import { randomBytes } from "node:crypto";
import type { TestContext } from "node:test";
import type { Redis } from "ioredis";
import {
  createRedisConnection,
  keyspaceNodes,
  type RedisClient,
  type RedisRole,
} from "../../src/store/redis-connection.ts";

export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface RedisTestContext {
  /** e.g. `kuratest:3f9a0c1b2d`; pass it (or `prefix + ":bull"`) to whatever writes keys. */
  prefix: string;
  /** A command connection opened for this test. */
  redis: Redis;
  /** Another connection (a second "process"), closed after the test. */
  connect(role?: RedisRole): Redis;
  /** Functions run at cleanup before the keys are removed (e.g. closing BullMQ queues). */
  onCleanup(fn: () => Promise<void> | void): void;
}

/** Sets up Redis for one test and registers its cleanup with `t.after`. */
export function useRedis(t: TestContext): RedisTestContext {
  const prefix = `kuratest:${randomBytes(5).toString("hex")}`;
  const connections: Redis[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const connect = (role: RedisRole = "command"): Redis => {
    const redis = createRedisConnection(TEST_REDIS_URL, { role, connectionName: prefix.replace(":", "-") });
    connections.push(redis);
    return redis;
  };
  const redis = connect();
  t.after(async () => {
    for (const fn of cleanups.reverse()) await fn();
    await removeKeys(redis, prefix);
    await Promise.all(
      connections.map((connection) => connection.quit().catch(() => connection.disconnect())),
    );
  });
  return { prefix, redis, connect, onCleanup: (fn) => cleanups.push(fn) };
}

/** Every key under `prefix:`, removed in batches (UNLINK frees memory off the main thread), on every node. */
export async function removeKeys(redis: RedisClient, prefix: string): Promise<number> {
  let removed = 0;
  for (const node of keyspaceNodes(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", `${escapeGlob(prefix)}:*`, "COUNT", 500);
      cursor = next;
      // One key per UNLINK on a cluster node: keys without a shared hash tag sit in different slots.
      if (keys.length > 0 && node === redis) removed += await node.unlink(...keys);
      else for (const key of keys) removed += await node.unlink(key);
    } while (cursor !== "0");
  }
  return removed;
}

/** Keys found under `prefix:` (to assert cleanup, or to look at the layout), on every node. */
export async function keysUnder(redis: RedisClient, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of keyspaceNodes(redis)) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", `${escapeGlob(prefix)}:*`, "COUNT", 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== "0");
  }
  return found.sort();
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
