import assert from "node:assert/strict";
import { test } from "node:test";
import { Queue, Worker } from "bullmq";
import {
  clusterOptions,
  createRedisConnection,
  describeRedisUrl,
  reconnectDelay,
  redisOptions,
} from "../../../src/store/redis-connection.ts";
import { TEST_REDIS_URL, useRedis } from "../../helpers/redis.ts";

test("command connections fail after a few retries; blocking ones never give up", () => {
  assert.equal(redisOptions().maxRetriesPerRequest, 3);
  assert.equal(redisOptions({ role: "blocking" }).maxRetriesPerRequest, null);
  assert.equal(redisOptions().keyPrefix, undefined);
  assert.ok(reconnectDelay(1) < reconnectDelay(5));
  assert.equal(reconnectDelay(1_000), 10_000);
});

test("a cluster client carries the URL's credentials and TLS to every node, and BullMQ's worker setting", () => {
  const options = clusterOptions("rediss://:s%40cret@kura.redis.cache.windows.net:6380", {
    role: "blocking",
  });
  assert.equal(options.redisOptions?.maxRetriesPerRequest, null, "what BullMQ checks on a Cluster");
  assert.equal(options.redisOptions?.password, "s@cret");
  assert.equal(options.redisOptions?.tls?.servername, "kura.redis.cache.windows.net");
  let resolved = "";
  options.dnsLookup?.("kura.redis.cache.windows.net", (_error, address) => {
    resolved = address;
  });
  assert.equal(resolved, "kura.redis.cache.windows.net", "host names are kept for TLS");
  const plain = clusterOptions("redis://10.0.0.4:7000");
  assert.equal(plain.redisOptions?.tls, undefined);
  assert.equal(plain.dnsLookup, undefined);
  assert.equal(plain.redisOptions?.maxRetriesPerRequest, 3);
});

test("BullMQ accepts the connections: a shared command one for queues, a blocking one for workers", async (t) => {
  const { prefix, onCleanup } = useRedis(t);
  const commands = createRedisConnection(TEST_REDIS_URL, { connectionName: "kura-test-commands" });
  const blocking = createRedisConnection(TEST_REDIS_URL, { role: "blocking" });
  onCleanup(async () => {
    await Promise.all([commands.quit(), blocking.quit()]);
  });
  const queue = new Queue("ping", { connection: commands, prefix: `${prefix}:bull` });
  const done = new Promise<unknown>((resolve) => {
    const worker = new Worker("ping", async (job) => job.data, {
      connection: blocking,
      prefix: `${prefix}:bull`,
    });
    worker.on("completed", (job) => resolve(worker.close().then(() => job.returnvalue)));
  });
  await queue.add("ping", { pong: true });
  assert.deepEqual(await done, { pong: true });
  await queue.close();
  // The queue shared the connection, so closing it left the connection open for its owner.
  assert.equal(await commands.ping(), "PONG");
  assert.equal(await commands.client("GETNAME"), "kura-test-commands");
});

test("describeRedisUrl drops credentials", () => {
  assert.equal(describeRedisUrl("redis://:s3cret@cache.example:6380/2"), "redis://cache.example:6380/2");
  assert.equal(describeRedisUrl("rediss://user:pw@h:1"), "rediss://h:1");
  assert.equal(describeRedisUrl("not a url"), "<invalid redis url>");
});
