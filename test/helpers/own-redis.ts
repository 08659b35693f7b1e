/**
 * A redis-server of the test's own, on a free port, for tests that take Redis away (the shared one at
 * 6379 is never touched). `outage(ms)` makes it unreachable to every client but its own admin
 * connection for `ms`: existing connections are dropped and new ones refused (`maxclients`), so every
 * client meets real connection errors while what was stored stays — Redis was away, not wiped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { TestContext } from "node:test";
import { Redis } from "ioredis";

export interface OwnRedis {
  url: string;
  /** Drops every other client and refuses new ones for `ms`. */
  outage(ms: number): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startOwnRedis(t: TestContext): Promise<OwnRedis> {
  const port = await freePort();
  const server: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve();
    });
    server.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  const admin = new Redis(port, "127.0.0.1", { retryStrategy: () => null });
  t.after(async () => {
    admin.disconnect();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGKILL");
      await exited;
    }
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async outage(ms) {
      await admin.config("SET", "maxclients", "1");
      await admin.client("KILL", "TYPE", "normal", "SKIPME", "yes");
      await admin.client("KILL", "TYPE", "pubsub", "SKIPME", "yes");
      await new Promise((resolve) => setTimeout(resolve, ms));
      await admin.config("SET", "maxclients", "10000");
    },
  };
}
