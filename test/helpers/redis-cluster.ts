/**
 * A private Redis Cluster for tests: three `redis-server --cluster-enabled yes` children on free random
 * ports (never 6379), joined by `redis-cli --cluster create`, waited for until `cluster_state:ok` on
 * every node. Stopped at cleanup by the PIDs started here, with their temporary folder removed.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface LocalRedisCluster {
  /** `redis://127.0.0.1:<port of the first node>`: the seed kura is given. */
  url: string;
  ports: number[];
}

/** Whether something may listen on `port` of 127.0.0.1 right now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (+10000) is free too. */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.has(port) || taken.has(port + 10_000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10_000))) {
      taken.add(port);
      taken.add(port + 10_000);
      return port;
    }
  }
}

/** Starts the cluster and registers its teardown with `t.after`. */
export async function startRedisCluster(t: TestContext, nodes = 3): Promise<LocalRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "kura-cluster-"));
  const children: ChildProcess[] = [];
  t.after(async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(5_000).then(() => child.kill("SIGKILL"))]);
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  });
  const taken = new Set<number>();
  const ports: number[] = [];
  for (let i = 0; i < nodes; i++) ports.push(await freeClusterPort(taken));
  for (const port of ports) {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        join(dir, `nodes-${port}.conf`),
        "--dir",
        dir,
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
      ],
      { stdio: "ignore" },
    );
    children.push(child);
  }
  for (const port of ports) await waitFor(port, "PING", /PONG/);
  await run("redis-cli", [
    "--cluster",
    "create",
    ...ports.map((port) => `127.0.0.1:${port}`),
    "--cluster-replicas",
    "0",
    "--cluster-yes",
  ]);
  for (const port of ports) await waitFor(port, "CLUSTER INFO", /cluster_state:ok/);
  return { url: `redis://127.0.0.1:${ports[0]}`, ports };
}

/** Asks one node `command` until its answer matches (a node starting, a cluster converging). */
async function waitFor(port: number, command: string, answer: RegExp): Promise<void> {
  let last = "";
  for (let i = 0; i < 200; i++) {
    try {
      const { stdout } = await run("redis-cli", ["-p", String(port), ...command.split(" ")]);
      if (answer.test(stdout)) return;
      last = stdout;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`redis node ${port} never answered ${command} with ${answer}: ${last}`);
}
