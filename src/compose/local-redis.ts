/**
 * Redis found or provided, before anything else connects: the Redis at `REDIS_URL` (default
 * 127.0.0.1:6379) if it answers; else, when that address is this machine's and has no password
 * (`KURA_REDIS_LOCAL=auto`), a private `redis-server` child on that very address, with its data in
 * `KURA_DATA_DIR/redis/` (append-only, so requests survive a restart) and stopped with kura; else a
 * one-paragraph answer naming the remedies, within a few seconds, instead of endless reconnects.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import type { KuraConfig } from "../config.ts";
import type { Logger } from "../log.ts";
import { describeRedisUrl } from "../store/redis-connection.ts";

export type RedisOrigin = "configured" | "private";

export type ProvidedRedis =
  | { ok: true; origin: RedisOrigin; url: string; stop(): Promise<void> }
  | {
      ok: false;
      code: "redis-unreachable" | "redis-auth-refused" | "redis-server-failed" | "redis-server-missing";
      message: string;
    };

type Probe = { kind: "ok" } | { kind: "auth"; detail: string } | { kind: "unreachable"; detail: string };

const AUTH = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** One PING with no reconnects and no offline queue; errors never reach the console. */
export async function probeRedis(url: string, timeoutMs = 1_500): Promise<Probe> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectionName: "kura-probe",
  });
  // A refused AUTH arrives as an `error` event; connect() then only says the connection closed.
  const seen: Error[] = [];
  client.on("error", (error: Error) => seen.push(error));
  try {
    await client.connect();
    await client.ping();
    return { kind: "ok" };
  } catch (error) {
    const errors = [...seen, error as Error];
    const auth = errors.find((e) => AUTH.test(String(e.message)));
    if (auth) return { kind: "auth", detail: String(auth.message).split(" ")[0] ?? "AUTH" };
    const first = errors[0] as Error & { code?: string };
    return { kind: "unreachable", detail: first.code ?? first.message.split("\n")[0] ?? "error" };
  } finally {
    client.disconnect();
  }
}

/** Whether kura may start its own Redis for `url`: this machine, plain `redis://`, no credentials. */
export function mayProvide(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === "redis:" && LOOPBACK.has(parsed.hostname) && !parsed.password && !parsed.username
    );
  } catch {
    return false;
  }
}

const REMEDIES =
  "Install redis-server (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) and kura starts a private one, or run `docker compose up -d redis`, or point REDIS_URL at your Redis";

/** Finds Redis or starts a private one; see the module comment. */
export async function findOrProvideRedis(
  config: Readonly<Pick<KuraConfig, "redis" | "dataDir">>,
  log: Logger,
): Promise<ProvidedRedis> {
  const url = config.redis.url;
  const shown = describeRedisUrl(url);
  // A private redis-server is one node, never the cluster that was asked for.
  const provide = config.redis.local === "auto" && !config.redis.cluster && mayProvide(url);
  // A Redis that is still starting (compose, systemd) gets a few seconds; a missing one does not wait.
  let probe = await probeRedis(url);
  for (let i = 0; i < 3 && probe.kind === "unreachable" && !provide; i++) {
    await sleep(1_000);
    probe = await probeRedis(url);
  }
  if (probe.kind === "ok") return { ok: true, origin: "configured", url, stop: async () => {} };
  if (probe.kind === "auth")
    return {
      ok: false,
      code: "redis-auth-refused",
      message: `Redis at ${shown} refused kura's credentials (${probe.detail}). Check the password in REDIS_URL.`,
    };
  if (!provide) {
    const why =
      config.redis.local === "off"
        ? "KURA_REDIS_LOCAL is off"
        : config.redis.cluster
          ? "KURA_REDIS_CLUSTER is on, and kura never starts a cluster itself"
          : "kura starts a private Redis only for a password-less address on this machine";
    return {
      ok: false,
      code: "redis-unreachable",
      message: `no Redis answers at ${shown} (${probe.detail}); ${why}. Start that Redis or fix REDIS_URL. ${REMEDIES}.`,
    };
  }
  // Spawned by name (the operating system searches PATH): ENOENT means it is not installed.
  const provided = await startPrivateRedis("redis-server", url, config.dataDir, log);
  if (provided.ok || provided.code !== "redis-server-missing") return provided;
  return {
    ok: false,
    code: "redis-unreachable",
    message: `no Redis answers at ${shown} (${probe.detail}) and redis-server is not installed. ${REMEDIES}.`,
  };
}

async function startPrivateRedis(
  binary: string,
  url: string,
  dataDir: string,
  log: Logger,
): Promise<ProvidedRedis> {
  const parsed = new URL(url);
  const port = parsed.port || "6379";
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const dir = join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const child: ChildProcess = spawn(
    binary,
    [
      "--bind",
      host === "localhost" ? "127.0.0.1" : host,
      "--port",
      port,
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--maxmemory-policy",
      "noeviction",
      "--daemonize",
      "no",
      "--logfile",
      "redis.log",
    ],
    { cwd: dir, stdio: "ignore" },
  );
  let exited = false;
  let missing = false;
  child.on("exit", () => {
    exited = true;
  });
  child.on("error", (error: NodeJS.ErrnoException) => {
    exited = true;
    missing = error.code === "ENOENT";
  });
  // Whatever way kura ends, its Redis ends with it.
  const killOnExit = () => child.kill("SIGTERM");
  process.on("exit", killOnExit);
  const where = shortPath(dir);
  for (let i = 0; i < 50; i++) {
    const answers = (await probeRedis(url, 500)).kind === "ok";
    // Another kura started its own there first (ours could not bind the port): use that one.
    if (answers && exited) return { ok: true, origin: "configured", url, stop: async () => {} };
    if (answers) {
      log.info(
        { code: "redis-private", redis: describeRedisUrl(url), pid: child.pid, data: where },
        `no Redis answered at ${describeRedisUrl(url)}; started a private redis-server there (data in ${where}, stopped with kura)`,
      );
      return {
        ok: true,
        origin: "private",
        url,
        stop: async () => {
          process.off("exit", killOnExit);
          if (exited) return;
          const done = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          await Promise.race([done, sleep(5_000).then(() => child.kill("SIGKILL"))]);
        },
      };
    }
    if (exited) break;
    await sleep(100);
  }
  process.off("exit", killOnExit);
  if (missing) return { ok: false, code: "redis-server-missing", message: "redis-server is not installed" };
  child.kill("SIGKILL");
  const tail = readTail(join(dir, "redis.log"));
  return {
    ok: false,
    code: "redis-server-failed",
    message: `no Redis answered at ${describeRedisUrl(url)} and the private redis-server (${binary}) did not start${tail ? `: ${tail}` : ""}. ${REMEDIES}.`,
  };
}

/** `dir` relative to the working directory when inside it, else absolute. */
export function shortPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") ? rel : dir;
}

function readTail(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-1)[0]?.trim();
  } catch {
    return undefined;
  }
}
