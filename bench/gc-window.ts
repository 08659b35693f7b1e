/**
 * `node bench/gc-window.ts [--vms 2000] [--vaults 4] [--subscriptions 1] [--concurrency 64] [--operation-ms 5000]`:
 * the GC window's opening fanned out over a whole fleet (emulator `generateFleet`, `--vms` in each
 * subscription) against the emulator's ARM throttling (per subscription: writes 200 burst / 10 per s,
 * reads 250 / 25 per s, real time), through the real runtime (gateway on the official SDK, the shared
 * Redis ARM budget paced by ARM's headers, the window pass). Writes down the wall time against the
 * floor ARM's write bucket allows in the busiest subscription, the 429s and the failures.
 * A benchmark, not a test: it never asserts. The last stdout line is the result as JSON.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../src/azure/emulator/index.ts";
import { runWindowPass } from "../src/commands/gc/window-pass.ts";
import { createRuntime } from "../src/compose/runtime.ts";
import { loadConfig } from "../src/config.ts";
import { adminClient } from "../test/helpers/emulator-admin.ts";
import { keysUnder, removeKeys } from "../test/helpers/redis.ts";
import { mergeFleets, subscriptionFleets } from "./fleet.ts";

const { values } = parseArgs({
  options: {
    vms: { type: "string", default: "2000" },
    vaults: { type: "string", default: "4" },
    concurrency: { type: "string", default: "64" },
    "operation-ms": { type: "string", default: "5000" },
    "writes-per-second": { type: "string", default: "10" },
    subscriptions: { type: "string", default: "1" },
  },
});
const subscriptions = Number(values.subscriptions);
const vms = Number(values.vms);
const vaultCount = Number(values.vaults);
const concurrency = Number(values.concurrency);
const operationMs = Number(values["operation-ms"]);
const writesPerSecond = Number(values["writes-per-second"]);
const ARM_WRITE_REFILL = 10;
const ARM_WRITE_BURST = 200;
const SATURDAY = "2026-11-27T15:00:30.000Z"; // Saturday 00:00:30 Tokyo: the window has just opened

const seed = mergeFleets(subscriptionFleets({ vms, vaults: vaultCount, subscriptions }));
const emulator = await startEmulator({
  seed,
  clock: { start: SATURDAY },
  behaviour: { protectionOperationMs: operationMs },
});
const admin = adminClient(emulator.url, emulator.caCertPem);
const offsetMs = Date.parse((await admin.get<{ now: string }>("clock")).now) - Date.now();
const dir = await mkdtemp(join(tmpdir(), "kura-gc-bench-"));
const configFile = join(dir, "kura.json");
const vaults = seed.vaults.map((v) => ({
  subscriptionId: v.subscriptionId,
  resourceGroup: v.resourceGroup,
  name: v.name,
}));
await writeFile(configFile, JSON.stringify({ vaults }));
const prefix = `kurabench-${randomBytes(4).toString("hex")}`;
const runtime = await createRuntime(
  loadConfig({
    KURA_AZURE_MODE: "emulator",
    AZURE_ARM_ENDPOINT: emulator.url,
    AZURE_CA_CERT_FILE: emulator.caCertPath,
    KURA_CONFIG_FILE: configFile,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    KURA_REDIS_PREFIX: prefix,
    KURA_LOG_LEVEL: "warn",
    KURA_GC_CONCURRENCY: String(concurrency),
    KURA_ARM_WRITES_PER_SECOND: String(writesPerSecond),
  }),
  { clock: { now: () => new Date(Date.now() + offsetMs) } },
);

try {
  const stoppedBefore = seed.vaults
    .flatMap((v) => v.items)
    .filter((i) => i.protectionState !== "Protected").length;
  await admin.post("stats/reset");
  const started = performance.now();
  const result = await runWindowPass("open", "scheduled", runtime.gc.pass);
  const seconds = (performance.now() - started) / 1000;
  const stats = await admin.get<{
    writes: number;
    reads: number;
    throttled: number;
    byOperation: Record<string, number>;
  }>("stats");
  const summaries = (await runtime.events.queue.getJobs(["waiting", "completed"])).filter(
    (j) => j.data.type === "gc-window-progress",
  );
  const writes = stoppedBefore; // one resume per stopped VM
  const busiest = Math.max(
    ...Array.from(
      new Set(seed.vaults.map((v) => v.subscriptionId)),
      (sub) =>
        seed.vaults
          .filter((v) => v.subscriptionId === sub)
          .flatMap((v) => v.items)
          .filter((i) => i.protectionState !== "Protected").length,
    ),
  );
  const out = {
    vms: vms * subscriptions,
    vaults: vaultCount * subscriptions,
    subscriptions,
    concurrency,
    protectionOperationMs: operationMs,
    kuraWritesPerSecond: writesPerSecond,
    result,
    wallSeconds: Number(seconds.toFixed(1)),
    writesNeeded: writes,
    armWriteCalls: stats.byOperation.ProtectedItems_CreateOrUpdate ?? 0,
    busiestSubscriptionWrites: busiest,
    floorAtArmRefillSeconds: Number((busiest / ARM_WRITE_REFILL).toFixed(1)),
    floorAfterBurstSeconds: Number((Math.max(0, busiest - ARM_WRITE_BURST) / ARM_WRITE_REFILL).toFixed(1)),
    reads: stats.reads,
    throttled429: stats.throttled,
    summaryEvents: summaries.length,
  };
  console.log(
    `GC window open: ${out.vms} VMs / ${out.vaults} vaults / ${subscriptions} subscriptions, ${writes} resumes in ${out.wallSeconds} s ` +
      `(busiest subscription ${busiest} writes: floor ${out.floorAfterBurstSeconds} s after ARM's burst, ${out.floorAtArmRefillSeconds} s at 10 writes/s alone); ` +
      `429s ${stats.throttled}; reads ${stats.reads}; ${summaries.length} summary events`,
  );
  console.log(JSON.stringify(out));
} finally {
  await removeKeys(runtime.redis, prefix);
  const left = (await keysUnder(runtime.redis, prefix)).length;
  if (left > 0) console.error(`${left} Redis keys left under ${prefix}`);
  await runtime.close();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}
