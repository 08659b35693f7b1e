/**
 * A redis-server of the test's own, on a free port with its own data directory, for tests that take
 * Redis away (the shared one at 6379 is never touched). `outage(ms)` is a real one: the server is
 * killed, nothing listens for `ms`, and it is started again on the same port from the same append-only
 * file (`appendfsync always`: every write Redis acknowledged is still there). Every client meets real
 * connection errors (reset, then refused) and reconnects by itself — Redis was away, not wiped.
 *
 * Stop it only after everything that uses it is closed (a suite-level `after`, registered before the
 * test's own cleanups would be too early: node runs `t.after` hooks first-registered first).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OwnRedis {
  url: string;
  /** Kills the server, waits `ms`, and starts it again on the same port with the same data. */
  outage(ms: number): Promise<void>;
  /** Stops the server for good and removes its data directory. */
  stop(): Promise<void>;
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

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn(
    "redis-server",
    [
      ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
      ...["--appendonly", "yes", "--appendfsync", "always"],
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) {
        server.stdout?.off("data", onData);
        server.stdout?.resume();
        server.off("exit", onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server exited with ${code}: ${out}`));
    server.stdout?.on("data", onData);
    server.once("exit", onExit);
  });
  return server;
}

async function kill(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGKILL");
  await exited;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kura-own-redis-"));
  let server = await launch(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    async outage(ms) {
      await kill(server);
      await new Promise((resolve) => setTimeout(resolve, ms));
      server = await launch(port, dir);
    },
    async stop() {
      await kill(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
