/**
 * scripts/launch.cjs, what `npm start` and `npm test` run: on a Node older than kura needs it uses (or
 * fetches) Node 24, or stops at once with one line; it passes signals on and exits as its child does.
 * "Too old" is played with `KURA_NODE_MIN` (so the test runs on any Node), and a Node "fetched
 * earlier" is a tool folder whose `node` is this test's own Node; nothing is downloaded.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

const LAUNCHER = resolve(import.meta.dirname, "../../scripts/launch.cjs");
const launcher = createRequire(import.meta.url)(LAUNCHER) as {
  parseVersion(text: string): [number, number, number];
  atLeast(found: number[], needed: number[]): boolean;
  KURA_NODE_FLAGS: Record<string, string[]>;
  COMPILE_CACHE_DIR: string;
  nodeCommand(argv: string[], env: Record<string, string>): { args: string[]; env: Record<string, string> };
};

/** A folder that looks like a Node fetched earlier by the launcher (its `node` is ours). */
function fetchedNode(t: { after(fn: () => void): void }, version = "99.0.0"): string {
  const dir = mkdtempSync(join(tmpdir(), "kura-node-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "node"), { recursive: true });
  symlinkSync(process.execPath, join(dir, "node_modules", ".bin", "node"));
  writeFileSync(join(dir, "node_modules", "node", "package.json"), JSON.stringify({ name: "node", version }));
  return dir;
}

function launch(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [LAUNCHER, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function finished(child: ChildProcess): Promise<{ code: number | null; out: string; err: string }> {
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
  return { code, out, err };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await sleep(50);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("versions compare by major, minor and patch, as engines' `>=22.18` means", () => {
  assert.deepEqual(launcher.parseVersion(">=22.18"), [22, 18, 0]);
  assert.deepEqual(launcher.parseVersion("v20.20.2"), [20, 20, 2]);
  assert.equal(launcher.atLeast([24, 0, 0], [22, 18, 0]), true);
  assert.equal(launcher.atLeast([22, 17, 9], [22, 18, 0]), false);
  assert.equal(launcher.atLeast([22, 18, 0], [22, 18, 0]), true);
});

test("kura starts with its role's Node flags and the compile cache; other scripts start as they are", () => {
  const main = resolve(import.meta.dirname, "../../src/main.ts");
  const worker = launcher.nodeCommand([main, "worker"], { PATH: "/bin" });
  assert.deepEqual(worker.args, ["--optimize-for-size", main, "worker"]);
  assert.deepEqual(worker.env, { PATH: "/bin", NODE_COMPILE_CACHE: launcher.COMPILE_CACHE_DIR });
  // The bot (and `all`, which runs it) keeps V8's defaults: the flag slowed Slack's ack.
  for (const argv of [[main], [main, "all"], [main, "bot"], [main, "--help"]])
    assert.deepEqual(launcher.nodeCommand(argv, {}).args, argv);
  assert.equal(launcher.nodeCommand([main], {}).env.NODE_COMPILE_CACHE, launcher.COMPILE_CACHE_DIR);
  // A cache folder of the user's own is kept.
  assert.equal(
    launcher.nodeCommand([main], { NODE_COMPILE_CACHE: "/tmp/c" }).env.NODE_COMPILE_CACHE,
    "/tmp/c",
  );
  const bench = resolve(import.meta.dirname, "../../bench/run.ts");
  assert.deepEqual(launcher.nodeCommand([bench, "--quick"], { PATH: "/bin" }), {
    args: [bench, "--quick"],
    env: { PATH: "/bin" },
  });
});

test("too old and no Node 24 to be had: one line naming the version found, the one needed and how to get it", async (t) => {
  const empty = mkdtempSync(join(tmpdir(), "kura-node-"));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  const result = await finished(
    launch(["-e", "console.log('ran')"], {
      KURA_NODE_MIN: "99.1",
      KURA_NODE_DIR: empty,
      KURA_NODE_INSTALL: "0",
    }),
  );
  assert.equal(result.code, 1);
  assert.equal(result.out, "", "nothing ran");
  const lines = result.err.trim().split("\n");
  assert.equal(lines.length, 1, result.err);
  assert.match(
    lines[0] ?? "",
    /Node v\d+\.\d+\.\d+ found, kura needs Node >=99\.1: install Node 24 \(https:\/\/nodejs\.org/,
  );
});

test("too old: a Node fetched earlier runs the script, first on PATH for what it starts", async (t) => {
  const dir = fetchedNode(t);
  const script =
    "console.log(require('node:child_process').execFileSync('node', ['-p', 'process.execPath']).toString().trim())";
  const result = await finished(launch(["-e", script], { KURA_NODE_MIN: "99.0", KURA_NODE_DIR: dir }));
  assert.equal(result.code, 0, result.err);
  assert.equal(
    result.out.trim(),
    execFileSync(join(dir, "node_modules", ".bin", "node"), ["-p", "process.execPath"])
      .toString()
      .trim(),
  );
});

test("a real older Node on this machine starts kura's Node instead (when there is one)", async (t) => {
  const old = process.env.KURA_TEST_OLD_NODE ?? "/usr/bin/node";
  const version = existsSync(old) ? execFileSync(old, ["-p", "process.versions.node"]).toString().trim() : "";
  if (!version || launcher.atLeast(launcher.parseVersion(version), [22, 18, 0])) {
    t.skip(`no Node older than 22.18 at ${old}`);
    return;
  }
  const dir = fetchedNode(t, process.versions.node);
  const child = spawn(old, [LAUNCHER, "-p", "process.versions.node"], {
    env: { ...process.env, KURA_NODE_DIR: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const result = await finished(child);
  assert.equal(result.code, 0, result.err);
  assert.equal(result.out.trim(), process.versions.node);
});

test("the child's exit code is the launcher's", async () => {
  const result = await finished(launch(["-e", "process.exit(3)"], {}));
  assert.equal(result.code, 3);
});

const STOPPABLE = `
  process.on("SIGTERM", () => { require("node:fs").writeFileSync(process.argv[1], "SIGTERM"); process.exit(7); });
  process.on("SIGINT", () => { require("node:fs").writeFileSync(process.argv[1], "SIGINT"); process.exit(8); });
  console.log(process.pid);
  setInterval(() => {}, 1000);
`;

test("SIGTERM and SIGINT reach the child, and the launcher exits with the child's code", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "kura-launch-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [signal, code] of [
    ["SIGTERM", 7],
    ["SIGINT", 8],
  ] as const) {
    const marker = join(dir, signal);
    const child = launch(["-e", STOPPABLE, marker], {});
    const result = finished(child);
    let pid = 0;
    child.stdout?.on("data", (chunk) => {
      pid ||= Number(String(chunk).trim());
    });
    await until(() => pid > 0);
    child.kill(signal);
    const { code: exit } = await result;
    assert.equal(exit, code);
    assert.equal(readFileSync(marker, "utf8"), signal);
    await until(() => !alive(pid));
  }
});

test("a shell between npm and the launcher that dies of SIGTERM leaves no orphan: the child is told to stop", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "kura-launch-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const marker = join(dir, "stopped");
  // `sh -c "a; b"` keeps the shell as the launcher's parent (no exec), as npm's script shell does.
  const shell = spawn(
    "sh",
    ["-c", `"${process.execPath}" "${LAUNCHER}" -e '${STOPPABLE.replace(/\n/g, " ")}' "${marker}"; true`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let pid = 0;
  shell.stdout?.on("data", (chunk) => {
    pid ||= Number(String(chunk).trim());
  });
  await until(() => pid > 0);
  shell.kill("SIGTERM");
  await until(() => existsSync(marker));
  assert.equal(readFileSync(marker, "utf8"), "SIGTERM");
  await until(() => !alive(pid));
});
