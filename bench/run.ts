/**
 * `npm run bench`: every benchmark in turn, each in its own process with a hard time limit, then a
 * summary on stdout and bench/results/latest.md. Benchmarks write numbers down; they never assert.
 *
 * Bounded: emulator throughput ≈ 10 s (killed at 60 s); lifecycles twice, with the emulator's ARM
 * throttling on (as Azure) and off (kura's own costs alone), ≈ 1.5 min each (own deadline 100 s; killed
 * at 130 s). Whatever happens, each lifecycle run's Redis prefix is swept afterwards.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, totalmem } from "node:os";
import { createRedisConnection } from "../src/store/redis-connection.ts";
import { keysUnder, removeKeys } from "../test/helpers/redis.ts";
import type { LifecyclesResult } from "./lifecycles.ts";
import type { SlackAckResult } from "./slack-ack.ts";

interface ThroughputResult {
  vms: number;
  vaults: number;
  startupMs: number;
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
}

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const started = performance.now();

/** Runs `node script args`, passes its output through, and returns the last stdout line that is JSON. */
function runBench<T>(name: string, script: string, args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    console.log(`\n== ${name} (node ${script} ${args.join(" ")}) ==`);
    const child = spawn(process.execPath, [new URL(script, import.meta.url).pathname, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => {
      console.error(`${name}: no result after ${timeoutMs / 1000} s, stopping it`);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    }, timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out
        .trim()
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"));
      if (code === 0 && line) resolve(JSON.parse(line) as T);
      else reject(new Error(`${name} ended with ${signal ?? `code ${code}`} and no result`));
    });
  });
}

async function sweepRedis(prefix: string): Promise<number> {
  const redis = createRedisConnection(REDIS_URL, { connectionName: "kura-bench-sweep" });
  try {
    await removeKeys(redis, prefix);
    return (await keysUnder(redis, prefix)).length;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

function nproc(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return availableParallelism();
  }
}

const errors: string[] = [];
let throughput: ThroughputResult | undefined;
const lifecycles: { label: string; result: LifecyclesResult }[] = [];

try {
  throughput = await runBench<ThroughputResult>(
    "emulator throughput",
    "./emulator-throughput.ts",
    ["--seconds", "5", "--concurrency", "32"],
    60_000,
  );
} catch (error) {
  errors.push(String(error));
}

for (const [label, extra] of [
  ["ARM throttling on", []],
  ["ARM throttling off", ["--no-throttle"]],
] as const) {
  const prefix = `kurabench-${randomBytes(5).toString("hex")}`;
  const args = ["--count", "100", "--vms", "400", "--vaults", "2", "--deadline-seconds", "100"];
  try {
    const result = await runBench<LifecyclesResult>(
      `lifecycles, ${label}`,
      "./lifecycles.ts",
      [...args, ...extra, "--prefix", prefix, "--json"],
      130_000,
    );
    lifecycles.push({ label, result });
  } catch (error) {
    errors.push(String(error));
  } finally {
    const left = await sweepRedis(prefix).catch((error) => {
      errors.push(`redis sweep: ${error}`);
      return -1;
    });
    if (left !== 0) errors.push(`${left} Redis keys left under ${prefix}`);
  }
}

let slackAck: SlackAckResult | undefined;
try {
  slackAck = await runBench<SlackAckResult>(
    "Slack ack latency",
    "./slack-ack.ts",
    ["--requests", "200", "--json"],
    120_000,
  );
} catch (error) {
  errors.push(String(error));
}

const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
const date = new Date().toISOString();
const machine = `${nproc()} CPUs (nproc), ${cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
const markdown = render();
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/latest.md", import.meta.url), markdown);
console.log(`\n== summary (${totalSeconds} s) ==\n${markdown}`);
console.log("written: bench/results/latest.md");
process.exitCode = errors.length > 0 ? 1 : 0;

function render(): string {
  const rows: [string, string][] = [
    ["Date", date],
    ["Node", process.version],
    ["Machine", machine],
    ["Bench wall time", `${totalSeconds} s`],
  ];
  if (slackAck) {
    const { kura, bare, ratio, requests, non200 } = slackAck;
    rows.push([
      "Slack ack p50 / p99 / max (bench/slack-ack.ts)",
      `kura ${kura.p50} / ${kura.p99} / ${kura.max} ms; bare Bolt ${bare.p50} / ${bare.p99} / ${bare.max} ms; ×${ratio.p50} / ×${ratio.p99} (${requests} concurrent commands, ${non200} non-200)`,
    ]);
  }
  if (throughput) {
    const t = throughput;
    rows.push(
      [
        "Emulator: requests/s (bench/emulator-throughput.ts)",
        `${t.requestsPerSecond} (${t.requests} in ${t.seconds} s, ${t.concurrency} keep-alive clients, ${t.errors} errors)`,
      ],
      ["Emulator: start-up", `${t.startupMs} ms (${t.vms} VMs / ${t.vaults} vaults)`],
    );
  }
  const lines = [
    "# kura benchmarks — latest run",
    "",
    "Written by `npm run bench` (bench/run.ts). Numbers, not assertions: compare runs on the same machine.",
    "",
    "| What | Value |",
    "|---|---|",
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
  ];
  if (lifecycles.length > 0) lines.push(...renderLifecycles());
  if (errors.length > 0) lines.push("", "## Errors", "", ...errors.map((e) => `- ${e}`));
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function renderLifecycles(): string[] {
  const first = lifecycles[0]?.result;
  if (!first) return [];
  const per = (n: number, l: LifecyclesResult) => Math.round((n / l.lifecycles) * 10) / 10;
  const row = (what: string, value: (l: LifecyclesResult) => string) =>
    `| ${what} | ${lifecycles.map(({ result }) => cell(value(result))).join(" | ")} |`;
  const operations = [...new Set(lifecycles.flatMap(({ result }) => Object.keys(result.arm.byOperation)))];
  return [
    "",
    `## ${first.lifecycles} ad-hoc lifecycles at once (bench/lifecycles.ts)`,
    "",
    `Fleet of ${first.fleet.vms} generated VMs in ${first.fleet.vaults} vaults (the chosen ones stopped, < 15 instant points, no scheduled run near Thursday 12:00 Tokyo; \`managedVms\` = the chosen ones), fast emulator timings, one worker process (concurrency ${first.workerConcurrency}, lock ${first.workerLockMs} ms, polls 200–400 ms), real Redis under a unique prefix. ARM counts come from \`/_emulator/stats\`, zeroed after the requests were created and the worker was idle, so the request side's VM lookups and the worker's start-up reconcile are not in them.`,
    "",
    `| | ${lifecycles.map(({ label }) => label).join(" | ")} |`,
    `|---|${lifecycles.map(() => "---").join("|")}|`,
    row(
      "Succeeded / failed / unfinished",
      (l) =>
        `${l.succeeded} / ${l.failed} / ${l.unfinished}${l.failed ? ` ${JSON.stringify(l.failures)}` : ""}`,
    ),
    row("Wall time (approve all → last ends)", (l) => `${l.wallSeconds} s`),
    row(
      "One lifecycle p50 / p95 / max",
      (l) => `${l.lifecycleSeconds.p50} / ${l.lifecycleSeconds.p95} / ${l.lifecycleSeconds.max} s`,
    ),
    row(
      "**ARM reads per lifecycle**",
      (l) =>
        `**${l.arm.readsPerLifecycle}** (${l.arm.reads}; ${per(l.arm.byStatus["200"] ?? 0, l)} answered 200)`,
    ),
    row(
      "**ARM writes per lifecycle** (expected 3)",
      (l) => `**${l.arm.writesPerLifecycle}** (${l.arm.writes})`,
    ),
    row("**429s seen**", (l) => `**${l.arm.throttled}**`),
    row("**Worker peak RSS** (idle)", (l) => `**${l.workerRss.peakMb} MB** (${l.workerRss.baselineMb} MB)`),
    row(
      "Worker event loop delay p99 / max",
      (l) => `${l.workerEventLoopDelayMs.p99} / ${l.workerEventLoopDelayMs.max} ms`,
    ),
    row("BullMQ lock renewals failed", (l) => `${l.workerLog.lockRenewFailures}`),
    row(
      "Azure jobs on the chosen VMs",
      (l) =>
        `${l.azure.configureJobs} Configure, ${l.azure.backupJobs} Backup, ${l.azure.disableJobs} Disable; ${l.azure.vmsNotStoppedAfter} left protected`,
    ),
    row(
      "Reads outside the run (request side, worker start-up)",
      (l) => `${l.setup.requestSideReads}, ${l.setup.workerStartupReads}`,
    ),
    row("Redis keys left", (l) => `${l.redisKeysLeft}`),
    "",
    "ARM calls by operation (all statuses, 429s included), per lifecycle:",
    "",
    `| Operation | ${lifecycles.map(({ label }) => label).join(" | ")} |`,
    `|---|${lifecycles.map(() => "---:").join("|")}|`,
    ...operations.map((op) => row(op, (l) => `${per(l.arm.byOperation[op] ?? 0, l)}`)),
    row("Status codes", (l) =>
      Object.entries(l.arm.byStatus)
        .map(([status, n]) => `${status}: ${n}`)
        .join(", "),
    ),
  ];
}
