/**
 * `node bench/slack-ack.ts [--requests 200] [--json]`: how fast kura acknowledges Slack. Fires N
 * concurrent signed `/backup` slash commands at kura's real bot role (Bolt HTTPReceiver, emulator,
 * Redis, notifier posting to a local Web API stand-in) and, in the same run, at a bare Bolt app that
 * only acks. Prints p50/p99/max of each, and the ratio. Slack gives up after 3 s; a number, not a
 * pass/fail. The load comes from a child process, and kura's bot role and the bare app each run in
 * a process of their own, as in production: the stand-ins for Azure and Slack (emulator, Web API
 * stub) stay in this one, so only kura's own work (its notifier included) shares the measured loop.
 */

import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { App } from "@slack/bolt";
import { startEmulator } from "../src/azure/emulator/index.ts";
import { startBotRole } from "../src/compose/bot-role.ts";
import { createRuntime } from "../src/compose/runtime.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { createRedisConnection } from "../src/store/redis-connection.ts";
import { FAST_AZURE } from "../test/helpers/kura-stack.ts";
import { removeKeys } from "../test/helpers/redis.ts";
import { startSlackApiStub } from "../test/helpers/slack-api-stub.ts";
import {
  nextTriggerId,
  postSigned,
  slashCommandBody,
  TEST_SIGNING_SECRET,
} from "../test/helpers/slack-client.ts";

export interface SlackAckResult {
  requests: number;
  kura: Latency;
  bare: Latency;
  /** kura p50 / bare p50, kura p99 / bare p99. */
  ratio: { p50: number; p99: number };
  non200: number;
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    json: { type: "boolean" },
    // Internal: this file also runs as the load generator and as the bare app.
    role: { type: "string", default: "main" },
    url: { type: "string" },
    "response-url": { type: "string" },
  },
});
const count = Number(values.requests);
const cleanups: (() => unknown)[] = [];
const after = (fn: () => unknown) => cleanups.push(fn);
const round = (ms: number) => Math.round(ms * 10) / 10;

function latency(samples: number[]): Latency {
  const sorted = samples.toSorted((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

/** N signed commands at once; each one's time from send to HTTP answer. */
async function burst(url: string, responseUrl: string, n: number): Promise<{ ms: number[]; non200: number }> {
  let non200 = 0;
  const ms = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const body = slashCommandBody({
        text: `web-0${(i % 2) + 1}`,
        user: `U0BENCH${i % 20}`,
        channel: "C0BENCH",
        responseUrl,
        triggerId: nextTriggerId(),
      });
      const started = performance.now();
      const answer = await postSigned(url, body);
      if (answer.status !== 200) non200 += 1;
      return performance.now() - started;
    }),
  );
  return { ms, non200 };
}

/** Runs `burst` in a child process, so the client's work is not on the measured event loop. */
async function burstFrom(
  url: string,
  responseUrl: string,
  n: number,
): Promise<{ ms: number[]; non200: number }> {
  const child = fork(
    new URL(import.meta.url).pathname,
    ["--role", "load", "--url", url, "--response-url", responseUrl, "--requests", String(n)],
    {
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    },
  );
  const [result] = (await once(child, "message")) as [{ ms: number[]; non200: number }];
  child.kill();
  return result;
}

/** A Bolt app that only acks, in a child process; resolves its port. */
async function startBare(apiUrl: string): Promise<number> {
  return startChild(["--role", "bare", "--url", apiUrl], process.env);
}

/** kura's bot role, configured from `env`, in a child process; resolves its port. */
async function startKura(env: NodeJS.ProcessEnv): Promise<number> {
  return startChild(["--role", "kura"], env);
}

async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = fork(new URL(import.meta.url).pathname, args, {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env,
  });
  const exited = once(child, "exit");
  after(async () => {
    child.kill();
    await exited;
  });
  const [port] = (await once(child, "message")) as [number];
  return port;
}

/** The `kura` role: the bot role as `node src/main.ts bot` runs it, until its parent goes. */
async function serveKura(): Promise<void> {
  const runtime = await createRuntime(loadConfig(process.env));
  const bot = await startBotRole(runtime, createLogger({ level: "error", name: "kura-bench" }), { port: 0 });
  const stop = async () => {
    await bot.close().catch(() => {});
    await runtime.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("disconnect", () => void stop());
  process.send?.(bot.port);
}

if (values.role === "load") {
  process.send?.(await burst(String(values.url), String(values["response-url"]), count));
} else if (values.role === "bare") {
  const bare = new App({
    token: "xoxb-kura-bench-token",
    signingSecret: TEST_SIGNING_SECRET,
    botId: "B0BARE",
    botUserId: "U0BARE",
    clientOptions: { slackApiUrl: String(values.url) },
  });
  bare.command("/backup", async ({ ack }) => ack());
  const server = (await bare.start(0)) as unknown as Server;
  process.send?.((server.address() as AddressInfo).port);
} else if (values.role === "kura") {
  await serveKura();
} else {
  await measure();
}

async function measure(): Promise<void> {
  try {
    const slack = await startSlackApiStub({ after });
    const emulator = await startEmulator({ behaviour: FAST_AZURE });
    after(() => emulator.close());
    const dir = mkdtempSync(join(tmpdir(), "kura-bench-"));
    writeFileSync(join(dir, "kura.yaml"), "approvers:\n  users: [slack:U0BENCH1]\n");
    const prefix = `kurabench-${randomBytes(5).toString("hex")}`;
    const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    const redis = createRedisConnection(redisUrl, { connectionName: "kura-bench-sweep" });
    after(async () => {
      await removeKeys(redis, prefix);
      redis.disconnect();
    });
    const kuraPort = await startKura({
      ...process.env,
      KURA_CONFIG_FILE: join(dir, "kura.yaml"),
      KURA_AZURE_MODE: "emulator",
      AZURE_ARM_ENDPOINT: emulator.url,
      AZURE_CA_CERT_FILE: emulator.caCertPath,
      REDIS_URL: redisUrl,
      KURA_REDIS_PREFIX: prefix,
      SLACK_BOT_TOKEN: "xoxb-kura-bench-token",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });

    // The baseline: Bolt alone, acking with nothing else to do.
    const barePort = await startBare(slack.apiUrl);

    const kuraUrl = `http://127.0.0.1:${kuraPort}/slack/events`;
    const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;
    const responseUrl = slack.responseUrl("bench");
    // Warm both (JIT, connections, first Redis and ARM round trips) before measuring.
    await burstFrom(bareUrl, responseUrl, 20);
    await burstFrom(kuraUrl, responseUrl, 20);
    const bareRun = await burstFrom(bareUrl, responseUrl, count);
    const kuraRun = await burstFrom(kuraUrl, responseUrl, count);
    const result: SlackAckResult = {
      requests: count,
      kura: latency(kuraRun.ms),
      bare: latency(bareRun.ms),
      ratio: { p50: 0, p99: 0 },
      non200: kuraRun.non200 + bareRun.non200,
    };
    result.ratio = {
      p50: Math.round((result.kura.p50 / result.bare.p50) * 100) / 100,
      p99: Math.round((result.kura.p99 / result.bare.p99) * 100) / 100,
    };
    console.log(`Slack ack latency, ${count} concurrent signed /backup commands (ms):`);
    console.log(
      `  bare Bolt (ack only): p50 ${result.bare.p50}  p99 ${result.bare.p99}  max ${result.bare.max}`,
    );
    console.log(
      `  kura bot role:        p50 ${result.kura.p50}  p99 ${result.kura.p99}  max ${result.kura.max}`,
    );
    console.log(
      `  kura / bare:          p50 ×${result.ratio.p50}  p99 ×${result.ratio.p99}; non-200 answers: ${result.non200}`,
    );
    if (values.json) console.log(JSON.stringify(result));
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
  }
}
