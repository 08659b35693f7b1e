/** A `node src/main.ts` process for first-run tests: its output as lines, its exit, its cleanup. */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = resolve(import.meta.dirname, "../../..");

export interface KuraProcess {
  child: ChildProcess;
  /** stdout lines (JSON log) and stderr lines (banner, fatal messages) so far. */
  out: string[];
  err: string[];
  /** The parsed JSON log lines so far (non-JSON stdout lines are kept in `out` only). */
  logs(): Record<string, unknown>[];
  waitFor(check: () => boolean): Promise<void>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "kura-first-run-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A TCP port nothing listens on (at the moment of asking). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export function uniquePrefix(): string {
  return `kuratest-${randomBytes(5).toString("hex")}`;
}

export function startKura(
  t: { after(fn: () => Promise<void>): void },
  env: Record<string, string>,
  args: string[] = ["worker"],
): KuraProcess {
  const child = spawn(process.execPath, ["src/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: "", KURA_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  const err: string[] = [];
  const collect = (into: string[]) => {
    let rest = "";
    return (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      into.push(...lines);
    };
  };
  child.stdout?.on("data", collect(out));
  child.stderr?.on("data", collect(err));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  t.after(async () => {
    await stop("SIGKILL");
  });
  const logs = () =>
    out.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const waitFor = async (check: () => boolean) => {
    while (!check()) {
      if (child.exitCode !== null) {
        if (check()) return;
        throw new Error(`kura exited (${child.exitCode}):\n${err.join("\n")}\n${out.slice(-20).join("\n")}`);
      }
      await sleep(50);
    }
  };
  return { child, out, err, logs, waitFor, exited, stop };
}

/** A redis-server of the test's own on `port`, stopped (only that PID) after the test. */
export async function startRedisServer(
  t: { after(fn: () => Promise<void>): void },
  port: number,
  dir: string,
  extra: string[] = [],
): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "yes",
      ...extra,
    ],
    { stdio: "ignore" },
  );
  const exited = new Promise((done) => child.once("exit", done));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  t.after(stop);
  // A plain TCP connect: a password-protected server must count as started too.
  for (;;) {
    const up = await new Promise<boolean>((done) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        done(true);
      });
      socket.once("error", () => done(false));
    });
    if (up) return { stop };
    await sleep(50);
  }
}
