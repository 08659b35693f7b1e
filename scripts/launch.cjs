#!/usr/bin/env node
/*
 * kura's Node launcher: `node scripts/launch.cjs <node arguments…>` runs Node with those arguments,
 * and `node scripts/launch.cjs -- <command…>` runs a command (e.g. `npm run check`) with that Node
 * first on PATH. It is what `npm start` and `npm test` call, so both work on a machine whose Node is
 * older than kura needs (it runs TypeScript directly, by type stripping):
 *
 * - the running Node is new enough (package.json `engines.node`) → it is used as it is;
 * - else a Node 24 already fetched into the tool folder (`KURA_NODE_DIR`, default
 *   `~/.cache/kura-node24`, the folder `.ci/run` uses too) is used;
 * - else Node 24 is fetched there once with npm (the `node` package, ~30 MB download, ~190 MB on
 *   disk), then used;
 * - where that is impossible, one line says the version found, the version needed and how to get it.
 *
 * kura itself (`src/main.ts <role>`) runs with kura's Node settings, its role's `KURA_NODE_FLAGS` and a
 * compile cache (`kuraNodeEnv`): the same ones the Docker image and docker-compose.yml use
 * (test/unit/deploy.test.ts keeps them in step) and bench/lifecycles.ts starts its worker with.
 *
 * The child gets SIGINT, SIGTERM and SIGHUP passed on, and the launcher exits with the child's code,
 * so nothing is orphaned: also when a shell between npm and the launcher dies of npm's SIGTERM
 * without passing it on (dash does), because the launcher notices that its parent went away.
 *
 * Written in plain CommonJS with no dependencies, so that any old Node can run it.
 * `KURA_NODE_MIN` overrides the minimum version (tests use it to play an old Node).
 * `KURA_NODE_INSTALL=0` forbids fetching (then the one-line message is all you get).
 */
"use strict";

const childProcess = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const NODE_MAJOR = "24";
const HOW_TO_GET = `install Node ${NODE_MAJOR} (https://nodejs.org, or \`nvm install ${NODE_MAJOR}\`) and run again`;

/**
 * Node flags per kura role (`src/main.ts <role>`; none for a role not listed). Measured with
 * `node bench/lifecycles.ts` (100 lifecycles on one worker) and `bench/slack-ack.ts`:
 * - worker, `--optimize-for-size`: V8's young generation stays at 1 MB (Node 24 lets it grow to 64 MB at
 *   start-up and 128 MB under load: half the worker's RSS), and the old generation is collected before
 *   it grows to twice what is live: idle ~170 → ~115 MB, peak with 100 lifecycles +125 → ~+22 MB. It
 *   costs ~50 times as many (short) scavenges: ~2–3 s more GC over 100 lifecycles, with no change in
 *   their wall time. Node does not accept it in NODE_OPTIONS, hence the command line.
 * - not the bot or `all` (which runs the bot when a chat platform is configured): there the same flag
 *   made Slack's ack of 200 commands at once ~1.6× slower at p50 (the bot is CPU-bound for that burst).
 */
const KURA_NODE_FLAGS = { worker: ["--optimize-for-size"] };
const KURA_MAIN = path.join(ROOT, "src", "main.ts");
/** Where compiled modules are kept between starts (NODE_COMPILE_CACHE, unless set). */
const COMPILE_CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "kura-compile");

/**
 * The environment kura runs in: Node's compile cache on, so a start finds its modules compiled and its
 * TypeScript already stripped, and never loads Node's TypeScript stripper (~20 MB that stays loaded)
 * once every module is in the cache (the second start; the Docker image fills it at build time).
 */
function kuraNodeEnv(env) {
  return env.NODE_COMPILE_CACHE ? env : Object.assign({}, env, { NODE_COMPILE_CACHE: COMPILE_CACHE_DIR });
}

/** Node's arguments and environment for `node <argv>`: kura's own settings when it starts kura. */
function nodeCommand(argv, env) {
  if (path.resolve(argv[0]) !== KURA_MAIN) return { args: argv, env };
  const flags = Object.hasOwn(KURA_NODE_FLAGS, argv[1]) ? KURA_NODE_FLAGS[argv[1]] : [];
  return { args: flags.concat(argv), env: kuraNodeEnv(env) };
}

/** `[major, minor, patch]` of a version string such as `v20.1.0`, `22.18` or `>=22.18`. */
function parseVersion(text) {
  const match = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(text));
  if (!match) return [0, 0, 0];
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)];
}

/** Whether version `found` is at least `needed` (both `[major, minor, patch]`). */
function atLeast(found, needed) {
  for (let i = 0; i < 3; i++) {
    if (found[i] !== needed[i]) return found[i] > needed[i];
  }
  return true;
}

/** The minimum Node version: `KURA_NODE_MIN`, else package.json's `engines.node` (`>=22.18`). */
function minimumVersion(env) {
  if (env.KURA_NODE_MIN) return env.KURA_NODE_MIN.replace(/^v/, "");
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  // biome-ignore lint/complexity/useOptionalChain: no `?.`, so that a Node older than 14 still gets the message.
  return String((pkg.engines && pkg.engines.node) || NODE_MAJOR).replace(/^[^\d]*/, "");
}

function toolDir(env) {
  if (env.KURA_NODE_DIR) return path.resolve(env.KURA_NODE_DIR);
  const cache = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(cache, `kura-node${NODE_MAJOR}`);
}

function nodeIn(dir) {
  return process.platform === "win32"
    ? path.join(dir, "node_modules", "node", "bin", "node.exe")
    : path.join(dir, "node_modules", ".bin", "node");
}

/** The version a Node binary reports, or undefined if it does not run. */
function versionOf(binary) {
  try {
    const out = childProcess.execFileSync(binary, ["-p", "process.versions.node"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30000,
    });
    return out.trim();
  } catch (_) {
    return undefined;
  }
}

/** The version of the `node` package fetched into `dir` (cheaper than starting it to ask). */
function packagedVersion(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "node", "package.json"), "utf8"))
      .version;
  } catch (_) {
    return undefined;
  }
}

/** npm as a command: the one running this script when started by npm, else `npm` on PATH. */
function npmCommand(env) {
  const execPath = env.npm_execpath;
  if (execPath && /\.(c?js)$/.test(execPath) && fs.existsSync(execPath)) {
    return { file: process.execPath, args: [execPath] };
  }
  return { file: process.platform === "win32" ? "npm.cmd" : "npm", args: [] };
}

/**
 * Fetches Node into `dir` with npm: a private package.json that approves the `node` package's
 * install script (npm 11 asks for that approval in `allowScripts`; npm 10 runs it anyway), installed
 * in a sibling folder and renamed into place, so a half-finished fetch is never mistaken for Node.
 */
function installNode(dir, env) {
  const staging = `${dir}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const manifest = {
    name: "kura-node",
    private: true,
    description: `Node ${NODE_MAJOR} fetched by kura's scripts/launch.cjs`,
    dependencies: { node: NODE_MAJOR },
    allowScripts: { node: true },
  };
  fs.writeFileSync(path.join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = npmCommand(env);
  const result = childProcess.spawnSync(
    npm.file,
    npm.args.concat(["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"]),
    {
      cwd: staging,
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      shell: process.platform === "win32",
    },
  );
  const binary = nodeIn(staging);
  if (result.status !== 0 || !fs.existsSync(binary)) {
    fs.rmSync(staging, { recursive: true, force: true });
    const reason = result.error
      ? result.error.message
      : lastLine(result.stderr) || `npm exited ${result.status}`;
    return { ok: false, reason };
  }
  try {
    fs.renameSync(staging, dir);
  } catch (_) {
    // Another launcher finished first: use its copy.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { ok: true };
}

function lastLine(text) {
  const lines = String(text || "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1];
}

function fail(message) {
  console.error(`kura: ${message}`);
  process.exit(1);
}

/** The Node binary to run: this one if new enough, else the tool folder's (fetched if missing). */
function chooseNode(env) {
  const needed = minimumVersion(env);
  const found = process.versions.node;
  if (atLeast(parseVersion(found), parseVersion(needed))) return process.execPath;
  const dir = toolDir(env);
  const binary = nodeIn(dir);
  const usable = (v) => v !== undefined && atLeast(parseVersion(v), parseVersion(needed));
  if (fs.existsSync(binary) && usable(packagedVersion(dir))) return binary;
  const intro = `Node v${found} found, kura needs Node >=${needed}`;
  if (env.KURA_NODE_INSTALL === "0") fail(`${intro}: ${HOW_TO_GET}.`);
  console.error(`kura: ${intro}; fetching Node ${NODE_MAJOR} into ${dir} (once, about 30 MB)…`);
  if (fs.existsSync(dir) && !fs.existsSync(binary)) fs.rmSync(dir, { recursive: true, force: true });
  const installed = installNode(dir, env);
  if (!installed.ok)
    fail(`${intro} and fetching Node ${NODE_MAJOR} failed (${installed.reason}): ${HOW_TO_GET}.`);
  const version = versionOf(binary);
  if (!usable(version))
    fail(`${intro} and the fetched Node (${version || "none"}) does not run: ${HOW_TO_GET}.`);
  return binary;
}

/** Runs the child, passes signals on, and exits as it exits. */
function run(file, args, env) {
  const child = childProcess.spawn(file, args, { stdio: "inherit", env, cwd: process.cwd() });
  const pass = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, () => pass(signal));
  // A shell between npm and us may die of npm's SIGTERM without passing it on: when our parent is
  // gone we are the only one who can tell the child to stop.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      pass("SIGTERM");
    }
  }, 500);
  child.on("error", (error) => fail(`could not start ${file}: ${error.message}`));
  child.on("exit", (code, signal) => {
    clearInterval(watch);
    for (const name of signals) process.removeAllListeners(name);
    if (signal) {
      // Die of the same signal, so whoever started us sees what happened to the child.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === null ? 1 : code);
  });
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0) fail("usage: node scripts/launch.cjs <node arguments…> | -- <command…>");
  const env = Object.assign({}, process.env);
  const node = chooseNode(env);
  if (argv[0] === "--which") {
    console.log(node);
    return;
  }
  if (node !== process.execPath) {
    // Everything started below (npm scripts, `node` in tests) finds the same Node first on PATH.
    const key = Object.keys(env).find((name) => name.toUpperCase() === "PATH") || "PATH";
    env[key] = `${path.dirname(node)}${path.delimiter}${env[key] || ""}`;
  }
  if (argv[0] === "--") {
    const command = argv.slice(1);
    if (command.length === 0) fail("usage: node scripts/launch.cjs -- <command…>");
    if (command[0] === "npm") {
      // npm's own JavaScript, run by the chosen Node (or `npm` from PATH, where that Node is first).
      const npm = npmCommand(env);
      run(npm.args.length > 0 ? node : npm.file, npm.args.concat(command.slice(1)), env);
      return;
    }
    run(command[0], command.slice(1), env);
    return;
  }
  const command = nodeCommand(argv, env);
  run(node, command.args, command.env);
}

if (require.main === module) main();

module.exports = {
  parseVersion,
  atLeast,
  minimumVersion,
  toolDir,
  KURA_NODE_FLAGS,
  COMPILE_CACHE_DIR,
  kuraNodeEnv,
  nodeCommand,
};
