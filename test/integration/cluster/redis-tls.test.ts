/**
 * kura's connections over TLS (`rediss://`) to a redis-server of its own with a throwaway CA (the
 * emulator's certificate maker): the stores' scripts and a BullMQ job round trip, and a server whose
 * certificate is not trusted is refused rather than spoken to.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import { makeCertificates } from "../../../src/azure/emulator/http/cert.ts";
import { createRedisConnection } from "../../../src/store/redis-connection.ts";
import { RedisRequestStore } from "../../../src/store/redis-request-store.ts";
import { RedisVmLocks } from "../../../src/store/redis-vm-locks.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A TLS-only redis-server on a free port, stopped by its PID at cleanup. */
async function startTlsRedis(
  onCleanup: (fn: () => Promise<unknown>) => void,
): Promise<{ url: string; caPem: string }> {
  const certs = await makeCertificates();
  const port = await freePort();
  const child: ChildProcess = spawn(
    "redis-server",
    [
      ...["--port", "0", "--tls-port", String(port), "--bind", "127.0.0.1"],
      ...["--tls-cert-file", join(certs.dir, "cert.pem"), "--tls-key-file", join(certs.dir, "key.pem")],
      ...["--tls-ca-cert-file", certs.caPath, "--tls-auth-clients", "no"],
      ...["--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", certs.dir],
    ],
    { stdio: "ignore" },
  );
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5_000).then(() => child.kill("SIGKILL"))]);
    }
    rmSync(certs.dir, { recursive: true, force: true });
  });
  const url = `rediss://localhost:${port}`;
  for (let i = 0; i < 100; i++) {
    const probe = createRedisConnection(url, { tls: { ca: certs.caPem }, maxRetriesPerRequest: 0 });
    probe.on("error", () => {});
    const ok = await probe.ping().then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (ok) return { url, caPem: certs.caPem };
    await sleep(100);
  }
  throw new Error("the TLS redis-server did not answer");
}

describe("Redis over TLS (rediss://)", () => {
  it("runs the stores' scripts and a BullMQ job, and refuses an untrusted certificate", async (t) => {
    // One hook, last in first out: the server stops after every connection to it is closed.
    const cleanups: (() => Promise<unknown>)[] = [];
    t.after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    });
    const { url, caPem } = await startTlsRedis((fn) => cleanups.push(fn));
    const redis = createRedisConnection(url, { tls: { ca: caPem }, connectionName: "kura-tls-test" });
    const blocking = createRedisConnection(url, { tls: { ca: caPem }, role: "blocking" });
    cleanups.push(() => Promise.allSettled([redis.quit(), blocking.quit()]));
    const prefix = "kuratls";

    const requests = new RedisRequestStore({ redis, prefix });
    await requests.create({
      id: "r1",
      vmName: "web-01",
      vault: { subscriptionId: "s", resourceGroup: "rg", name: "v" },
      retentionDays: 7,
      requester: { platform: "test", id: "U-alice", name: "alice" },
      conversation: { platform: "test", channelId: "C1" },
      createdAt: "2026-11-26T03:00:00.000Z",
      expiresAt: "2026-11-26T04:00:00.000Z",
      status: "pending",
      version: 1,
    });
    const approved = await requests.transition("r1", ["pending"], { status: "approved" });
    assert.equal(approved?.version, 2);
    assert.deepEqual(
      (await requests.listActive()).map((r) => r.id),
      ["r1"],
    );
    const locks = new RedisVmLocks({ redis, prefix });
    assert.deepEqual(await locks.acquireLifecycle("web-01", "r1"), { acquired: true });
    assert.equal(await locks.withProtectionMutex("web-01", async () => "held"), "held");

    const queue = new Queue("tls", { connection: redis, prefix: `${prefix}:bull` });
    const worker = new Worker("tls", async (job) => `done ${job.data.n}`, {
      connection: blocking,
      prefix: `${prefix}:bull`,
    });
    cleanups.push(async () => {
      await worker.close();
      await queue.close();
    });
    const finished = new Promise((resolve) => worker.once("completed", (_job, result) => resolve(result)));
    await queue.add("job", { n: 1 });
    assert.equal(await finished, "done 1");

    const untrusted = createRedisConnection(url, { maxRetriesPerRequest: 0 });
    const seen: Error[] = [];
    untrusted.on("error", (error: Error) => seen.push(error));
    await assert.rejects(untrusted.ping());
    untrusted.disconnect();
    assert.ok(
      seen.some((error) => /self.signed|unable to verify|certificate/i.test(error.message)),
      seen.map((e) => e.message).join("; "),
    );
  });
});
