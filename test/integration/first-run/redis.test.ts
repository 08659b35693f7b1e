/**
 * Redis found or provided, and Redis outages as a person watching kura's output sees them. Every kura
 * here is a real `node src/main.ts worker` pointed at a port of the test's own (never the machine's
 * 6379): the "default address" is REDIS_URL on an unused loopback port, which kura treats exactly as
 * it treats 127.0.0.1:6379 when REDIS_URL is unset.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { startKura, startRedisServer, tempDir, uniquePrefix, unusedPort } from "./kura-process.ts";

const hasRedisServer = (process.env.PATH ?? "")
  .split(":")
  .some((dir) => existsSync(join(dir, "redis-server")));

async function answers(port: number): Promise<boolean> {
  const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

test("nothing answers at the default address: kura starts a private redis-server there and stops it with itself", {
  skip: !hasRedisServer && "redis-server is not installed",
}, async (t) => {
  const dir = tempDir(t);
  const port = await unusedPort();
  const kura = startKura(t, {
    REDIS_URL: `redis://127.0.0.1:${port}`,
    KURA_DATA_DIR: dir,
    KURA_REDIS_PREFIX: uniquePrefix(),
  });
  await kura.waitFor(() => kura.logs().some((line) => line.msg === "kura is running; Ctrl-C stops it"));
  const started = kura.logs().find((line) => line.code === "redis-private");
  assert.ok(started, "one line says a private Redis was started");
  assert.equal(await answers(port), true);
  assert.ok(existsSync(join(dir, "redis", "appendonlydir")), "its data is in KURA_DATA_DIR/redis");
  assert.ok(kura.err.some((line) => line.includes(`a private redis-server on 127.0.0.1:${port}`)));
  assert.equal(await kura.stop("SIGTERM"), 0);
  assert.equal(await answers(port), false, "kura's Redis stopped with kura");
});

test("no Redis and no redis-server: kura exits at once with one message naming the remedies", async (t) => {
  const port = await unusedPort();
  const kura = startKura(t, {
    REDIS_URL: `redis://127.0.0.1:${port}`,
    KURA_DATA_DIR: tempDir(t),
    // Only node itself on PATH: no redis-server to be found.
    PATH: dirname(process.execPath),
  });
  assert.equal(await kura.exited, 2);
  const message = kura.err.filter((line) => line.trim() !== "");
  assert.equal(message.length, 1, message.join("\n"));
  assert.match(message[0] ?? "", new RegExp(`no Redis answers at redis://127\\.0\\.0\\.1:${port}`));
  assert.match(message[0] ?? "", /redis-server is not installed/);
  assert.match(message[0] ?? "", /apt-get install redis-server/);
  assert.match(message[0] ?? "", /docker compose up -d redis/);
  assert.equal(
    kura.logs().filter((line) => line.level === 50).length,
    0,
    "no error log lines, no stack traces",
  );
});

test("a wrong Redis password: one message, and the password is never printed", {
  skip: !hasRedisServer && "redis-server is not installed",
}, async (t) => {
  const port = await unusedPort();
  await startRedisServer(t, port, tempDir(t), ["--requirepass", "the-right-one"]);
  const kura = startKura(t, {
    REDIS_URL: `redis://:Wr0ngPassw0rd@127.0.0.1:${port}`,
    KURA_DATA_DIR: tempDir(t),
  });
  assert.equal(await kura.exited, 2);
  const all = [...kura.out, ...kura.err].join("\n");
  assert.doesNotMatch(all, /Wr0ngPassw0rd/);
  assert.match(all, /refused kura's credentials/);
});

test("Redis goes away and comes back: one warning, one line when it is back, no stack traces, nothing queued lost", {
  skip: !hasRedisServer && "redis-server is not installed",
}, async (t) => {
  const dir = tempDir(t);
  const port = await unusedPort();
  const prefix = uniquePrefix();
  let redis = await startRedisServer(t, port, dir);
  const kura = startKura(t, {
    REDIS_URL: `redis://127.0.0.1:${port}`,
    KURA_DATA_DIR: tempDir(t),
    KURA_REDIS_PREFIX: prefix,
  });
  await kura.waitFor(() => kura.logs().some((line) => line.msg === "kura is running; Ctrl-C stops it"));

  // Queued before the outage, due during it: kept by Redis (append-only) and run once it is back.
  const queue = new Queue("kura-maintenance", {
    connection: { port, host: "127.0.0.1" },
    prefix: `${prefix}:bull`,
  });
  queue.on("error", () => {});
  t.after(() => queue.close());
  const job = await queue.add("expire-requests", {}, { jobId: "queued-before-outage", delay: 3_000 });

  await redis.stop();
  await kura.waitFor(() => kura.logs().some((line) => line.code === "redis-unreachable"));
  // Long enough for many reconnect attempts by every connection (each used to print a trace).
  await sleep(4_000);
  redis = await startRedisServer(t, port, dir);
  await kura.waitFor(() => kura.logs().some((line) => line.code === "redis-back"));
  while (!(await job.isCompleted())) await sleep(100);

  assert.equal(await kura.stop("SIGTERM"), 0);
  const logs = kura.logs();
  assert.equal(logs.filter((line) => line.code === "redis-unreachable").length, 1, "one warning per outage");
  assert.equal(logs.filter((line) => line.code === "redis-back").length, 1, "one line when it is back");
  assert.deepEqual(
    kura.out.filter((line) => !line.startsWith("{")),
    [],
    "every stdout line is a structured log line",
  );
  assert.deepEqual(
    kura.err.filter((line) => /ECONNREFUSED|^\s+at .+:\d+:\d+\)?$|Error:/.test(line)),
    [],
    "no raw errors or stack traces on stderr",
  );
});
