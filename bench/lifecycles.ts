/**
 * 100 ad-hoc backup lifecycles at once (resume protection → backup now → watch the job → stop
 * protection) on the Azure emulator and real Redis, through the same composition code production
 * uses. Measures what one lifecycle costs in ARM calls, how much ARM throttles, how long the batch
 * takes and how much memory the worker needs. A benchmark, not a test: nothing here asserts a number.
 *
 * Layout: this process runs the emulator (generated fleet, fast timings, clock pinned to the same
 * Thursday instant as test/helpers/kura-stack.ts) and the request side (the core use cases, as a chat
 * adapter would); bench/lifecycle-worker.ts runs ONE worker role (concurrency = --count; --workers N
 * runs N, splitting it) in a child process whose RSS is sampled every 100 ms. Redis keys live under a
 * unique prefix, removed at the end.
 *
 * Stats: requests are created (the request side's VM lookups) with throttling off; then the throttle
 * buckets are refilled (a behaviour PUT), counters are zeroed, the worker starts, counters are
 * zeroed again once it is idle (its start-up reads are reported apart) and kura's ARM budget has
 * refilled (as for a worker that has been running a while), and only then are the requests approved. Everything ARM saw from there to the last lifecycle's end is "the run".
 *
 * Usage: node bench/lifecycles.ts [--count 100] [--vms 400] [--vaults 2] [--deadline-seconds 150]
 *                                 [--no-throttle] [--lock-ms 30000] [--prefix kurabench-xyz] [--json]
 *                                 [--heap-dir DIR] (worker heap snapshots: idle, and 8 s into the run)
 *                                 [--worker-env KEY=VALUE …] [--worker-node-arg --flag …] (the worker process only)
 *                                 [--bare-node] (the worker without kura's Node flags and compile cache)
 *                                 [--node-flags "--flag …"] (instead of kura's Node flags, compile cache kept)
 *                                 [--workers 1] (worker processes sharing the count's concurrency; memory,
 *                                 GC and event loop figures are the first one's)
 *
 * The worker starts as production starts kura's worker role (scripts/launch.cjs: `KURA_NODE_FLAGS.worker`, the compile
 * cache, filled first as the Docker image's build does).
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { findIana } from "windows-iana";
import type { StatsSnapshot } from "../src/azure/emulator/index.ts";
import {
  DEFAULT_BEHAVIOUR,
  generateFleet,
  type SeedData,
  type SeedPolicy,
  startEmulator,
} from "../src/azure/emulator/index.ts";
import type { Actor, RequestStatus } from "../src/commands/ports/requests.ts";
import { decideRequest } from "../src/commands/requests/decide-request.ts";
import { requestBackup } from "../src/commands/requests/request-backup.ts";
import { createRuntime } from "../src/compose/runtime.ts";
import { loadConfig } from "../src/config.ts";
import { adminClient } from "../test/helpers/emulator-admin.ts";
import { FAST_AZURE, THURSDAY_NOON_TOKYO } from "../test/helpers/kura-stack.ts";
import { keysUnder, removeKeys } from "../test/helpers/redis.ts";
import { describeBreakdown, type MemoryBreakdown } from "./memory-breakdown.ts";

export interface LifecyclesOptions {
  count: number;
  vms: number;
  vaults: number;
  deadlineMs: number;
  throttle: boolean;
  /** KURA_WORKER_LOCK_MS for the worker (kura's default is 30000; the integration tests use 4000). */
  lockMs: number;
  prefix: string;
  redisUrl: string;
  /** Write worker heap snapshots here: idle, and `heapAfterMs` after the approvals. */
  heapDir?: string;
  heapAfterMs?: number;
  /** Extra environment for the worker process only (experiments: NODE_OPTIONS, MALLOC_ARENA_MAX, …). */
  workerEnv?: Record<string, string>;
  /** Extra Node arguments for the worker process only (flags NODE_OPTIONS does not allow). */
  workerNodeArgs?: string[];
  /** Start the worker on plain `node`: without kura's Node flags and compile cache (scripts/launch.cjs). */
  bareNode?: boolean;
  /** Node flags to try instead of the worker role's (`KURA_NODE_FLAGS.worker`), with its compile cache. */
  nodeFlags?: string[];
  /**
   * Worker processes (default 1), each with concurrency count / workers: kura's scale-out (`docker
   * compose up --scale worker=N`). Memory, GC and event loop figures are the first worker's.
   */
  workers?: number;
}

export interface LifecyclesResult {
  lifecycles: number;
  succeeded: number;
  failed: number;
  unfinished: number;
  failures: Record<string, number>;
  fleet: { vms: number; vaults: number };
  /** Worker processes, and the concurrency of each. */
  workers: number;
  workerConcurrency: number;
  throttleEnabled: boolean;
  wallSeconds: number;
  lifecycleSeconds: { p50: number; p95: number; max: number };
  arm: {
    reads: number;
    writes: number;
    throttled: number;
    readsPerLifecycle: number;
    writesPerLifecycle: number;
    expectedWritesPerLifecycle: number;
    byOperation: Record<string, number>;
    byStatus: Record<string, number>;
  };
  /** ARM calls outside the run: the request side's VM lookups, and the worker's start-up. */
  setup: { requestSideReads: number; workerStartupReads: number };
  workerRss: { baselineMb: number; peakMb: number; samples: number };
  /** How the worker's Node was started: its flags, and whether Node's compile cache was on. */
  workerNode: { execArgv: string[]; compileCache: boolean };
  /** Where the worker's memory was: idle, at the run's highest RSS sample, at the end (bench/memory-breakdown.ts). */
  workerMemory: {
    idle: MemoryBreakdown;
    atPeak?: MemoryBreakdown;
    atEnd: MemoryBreakdown;
    maxSockets: number;
  };
  workerEventLoopDelayMs: { p99: number; max: number };
  /** The worker's garbage collections during the run: scavenges (minor) and the rest, count and total ms. */
  workerGc: { minor: number; minorMs: number; major: number; majorMs: number };
  workerLockMs: number;
  /** Lines the worker logged: BullMQ lock renewals that failed, lifecycle jobs that failed or stalled. */
  workerLog: { lockRenewFailures: number; stalled: number; jobFailures: number; lines: number };
  /** What Azure (the emulator) did to the chosen VMs during the run. */
  azure: {
    vmsNotStoppedAfter: number;
    configureJobs: number;
    disableJobs: number;
    backupJobs: number;
    vmsWithRepeatedProtectionChanges: string[];
    /** Jobs on VMs the bench did not ask about (scheduled runs, the reconciler), by operation. */
    otherVmJobs: Record<string, number>;
  };
  redisKeysLeft: number;
  /**
   * From each approval (the core's decide, called at once for all) to its VM's `Backups_Trigger`
   * answered by the emulator (its request log, wall-clock `at`): the approval → Azure latency.
   */
  approvalToTriggerMs: {
    p50: number;
    p99: number;
    max: number;
    matched: number;
    /** Approval → the VM's first ARM write (the resume PUT). */
    firstWrite: { p50: number; p99: number };
    /** Reads on the VM's protected item path per lifecycle before its trigger. */
    itemReadsBeforeTrigger: number;
    /** All ARM reads answered in the first 10 s after the approvals, per second (the read budget's pace). */
    readsPerSecondFirst10s: number;
    /** Where the time goes: approval → each VM's first call of each operation (median, ms), in order. */
    steps: { operation: string; p50Ms: number }[];
  };
}

type Stats = StatsSnapshot;

/** How production starts kura (scripts/launch.cjs): its Node flags and its compile cache. */
const launcher = createRequire(import.meta.url)("../scripts/launch.cjs") as {
  KURA_NODE_FLAGS: Record<string, string[]>;
  kuraNodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
};
const WORKER = new URL("./lifecycle-worker.ts", import.meta.url);

/**
 * The worker's Node arguments and environment: production's (what `npm start` and the Docker image
 * run kura with), its compile cache filled first as the image's build does (scripts/warm-compile-cache.ts,
 * with the worker's own bench modules), so the worker is measured as a started kura is. `bare`: plain
 * `node`, no flags and no compile cache (the comparison).
 */
export function workerStart(
  bare: boolean,
  flags: string[] | undefined,
  extra: { env: Record<string, string>; nodeArgs: string[] },
) {
  if (bare) {
    const { NODE_COMPILE_CACHE: _none, ...env } = { ...process.env, ...extra.env };
    return { env, execArgv: extra.nodeArgs };
  }
  const env = launcher.kuraNodeEnv({ ...process.env, ...extra.env });
  const execArgv = [...(flags ?? launcher.KURA_NODE_FLAGS.worker ?? []), ...extra.nodeArgs];
  const warm = new URL("../scripts/warm-compile-cache.ts", import.meta.url);
  if (env.NODE_COMPILE_CACHE) {
    try {
      // Bounded: the cache only saves start-up time; a warm-up that hangs (seen once) must not hang the bench.
      execFileSync(process.execPath, [...execArgv, warm.pathname, WORKER.pathname], {
        env,
        stdio: "ignore",
        timeout: 120_000,
      });
    } catch (error) {
      console.error(`compile cache warm-up failed, the worker starts without it: ${String(error)}`);
    }
  }
  return { env, execArgv };
}

const BENCH_ACTOR: Actor = { platform: "bench", id: "U-bench-requester", name: "bench" };
const BENCH_APPROVER: Actor = { platform: "bench", id: "U-bench-approver", name: "approver" };
export const TERMINAL: RequestStatus[] = ["succeeded", "failed", "cancelled", "rejected", "expired"];
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/** kura's defaults (KURA_SCHEDULE_MARGIN_BEFORE/AFTER_MINUTES), plus how long one lifecycle may take. */
const MARGIN_BEFORE_MS = 120 * 60_000;
const MARGIN_AFTER_MS = 180 * 60_000;
const LIFECYCLE_ALLOWANCE_MS = 60 * 60_000;
/** Below KURA_RP_WARN_THRESHOLD (15): no warnings, no refusals. */
const MAX_INSTANT_POINTS = 14;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The seed's vaults as kura's config file lists them. */
export function vaultsOf(seed: SeedData): { subscriptionId: string; resourceGroup: string; name: string }[] {
  return seed.vaults.map((v) => ({
    subscriptionId: v.subscriptionId,
    resourceGroup: v.resourceGroup,
    name: v.name,
  }));
}

/**
 * The environment a bench's kura processes share: the emulator as ARM, Redis under the bench's prefix,
 * the reconciler out of the way (hourly) and the job watcher polling fast (the emulator's jobs take seconds).
 */
export function benchKuraEnv(
  emulator: { url: string; caCertPath: string },
  options: { configFile: string; redisUrl: string; prefix: string; concurrency: number },
): Record<string, string> {
  return {
    KURA_AZURE_MODE: "emulator",
    AZURE_ARM_ENDPOINT: emulator.url,
    AZURE_CA_CERT_FILE: emulator.caCertPath,
    KURA_CONFIG_FILE: options.configFile,
    REDIS_URL: options.redisUrl,
    KURA_REDIS_PREFIX: options.prefix,
    KURA_LOG_LEVEL: "warn",
    KURA_RECONCILE_EVERY_MINUTES: "60",
    KURA_WORKER_CONCURRENCY: String(options.concurrency),
    KURA_POLL_BASE_MS: "200",
    KURA_POLL_MAX_MS: "400",
    KURA_POLL_DETAIL_MS: "300",
  };
}

/** True when no run of the policy falls near `now` (kura's schedule margins around a lifecycle). */
export function clearOfSchedule(policy: SeedPolicy, now: DateTime): boolean {
  const zone = findIana(policy.timeZone)[0] ?? "UTC";
  const local = now.setZone(zone);
  for (let day = -8; day <= 8; day++) {
    for (const time of policy.runTimes) {
      const [hour, minute] = time.split(":").map(Number);
      const run = local.plus({ days: day }).set({ hour, minute, second: 0, millisecond: 0 });
      if (policy.frequency === "Weekly" && !policy.runDays?.includes(WEEKDAYS[run.weekday - 1] as never))
        continue;
      const diff = run.toMillis() - now.toMillis();
      if (diff > -MARGIN_AFTER_MS && diff < LIFECYCLE_ALLOWANCE_MS + MARGIN_BEFORE_MS) return false;
    }
  }
  return true;
}

/**
 * Stopped VMs with room in their restore point collection and no scheduled run nearby, under a weekly
 * policy: kura refuses at start to manage a VM whose policy runs inside the weekly GC window, which a
 * daily policy always does.
 */
export function chooseVms(seed: SeedData, count: number, now: DateTime): string[] {
  const chosen: string[] = [];
  for (const vault of seed.vaults) {
    const policies = new Map(vault.policies.map((p) => [p.name, p]));
    for (const item of vault.items) {
      const policy = item.policyName ? policies.get(item.policyName) : undefined;
      const instant = (item.recoveryPoints ?? []).filter((p) => p.instant).length;
      if (
        item.protectionState === "ProtectionStopped" &&
        policy &&
        policy.frequency === "Weekly" &&
        instant <= MAX_INSTANT_POINTS &&
        clearOfSchedule(policy, now)
      )
        chosen.push(item.vmName);
    }
  }
  chosen.sort();
  if (chosen.length < count)
    throw new Error(`only ${chosen.length} suitable VMs in the fleet; raise --vms (need ${count})`);
  return chosen.slice(0, count);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function waitForMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`worker sent no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`worker exited (${code}) before sending ${type}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.connected) child.send("stop");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Counts worker log lines that matter here; shows only the first few. */
export function watchWorkerOutput(child: ChildProcess): LifecyclesResult["workerLog"] {
  const counts = { lockRenewFailures: 0, stalled: 0, jobFailures: 0, lines: 0 };
  let shown = 0;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        counts.lines++;
        if (/could not renew lock/i.test(line)) counts.lockRenewFailures++;
        if (/stalled/i.test(line)) counts.stalled++;
        if (/lifecycle job failed/.test(line)) counts.jobFailures++;
        if (shown < 3 && !line.startsWith("    at ")) {
          shown++;
          console.error(`[worker] ${line.slice(0, 300)}`);
        }
      }
    });
  }
  return counts;
}

/** Worker log counts of several processes, added up. */
function sumCounts(logs: LifecyclesResult["workerLog"][]): LifecyclesResult["workerLog"] {
  const sum = { lockRenewFailures: 0, stalled: 0, jobFailures: 0, lines: 0 };
  for (const log of logs) for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += log[key];
  return sum;
}

interface StateView {
  vaults: {
    items: { vmName: string; protectionState: string }[];
    jobs: { vmName: string; operation: string; status: string }[];
  }[];
}

/** What Azure (the emulator's state view) shows of the chosen VMs: their jobs by operation, and the rest. */
export interface AzureJobs {
  /** Jobs per chosen VM (as the emulator names it), by operation (ConfigureBackup, Backup, DisableBackup). */
  perVm: Map<string, Record<string, number>>;
  /** Chosen VMs whose protection is not stopped. */
  vmsNotStopped: number;
  /** Jobs on VMs the bench did not choose (scheduled runs, the reconciler), by operation and VM. */
  otherVmJobs: Record<string, number>;
}

export async function azureJobs(
  admin: ReturnType<typeof adminClient>,
  chosen: Set<string>,
): Promise<AzureJobs> {
  const state = await admin.get<StateView>("state?jobs=1000000");
  let vmsNotStopped = 0;
  const perVm = new Map<string, Record<string, number>>();
  const otherVmJobs: Record<string, number> = {};
  for (const vault of state.vaults) {
    for (const item of vault.items)
      if (chosen.has(item.vmName.toLowerCase()) && item.protectionState !== "ProtectionStopped")
        vmsNotStopped++;
    for (const job of vault.jobs) {
      if (!chosen.has(job.vmName.toLowerCase())) {
        const key = `${job.operation} ${job.vmName}`;
        otherVmJobs[key] = (otherVmJobs[key] ?? 0) + 1;
        continue;
      }
      const counts = perVm.get(job.vmName) ?? {};
      counts[job.operation] = (counts[job.operation] ?? 0) + 1;
      perVm.set(job.vmName, counts);
    }
  }
  return { perVm, vmsNotStopped, otherVmJobs };
}

/** Protection changes and backups the chosen VMs went through (jobs from the emulator's state view). */
async function azureEffects(
  admin: ReturnType<typeof adminClient>,
  chosen: Set<string>,
): Promise<LifecyclesResult["azure"]> {
  const { perVm, vmsNotStopped, otherVmJobs } = await azureJobs(admin, chosen);
  const sum = (op: string) => [...perVm.values()].reduce((n, c) => n + (c[op] ?? 0), 0);
  return {
    vmsNotStoppedAfter: vmsNotStopped,
    configureJobs: sum("ConfigureBackup"),
    disableJobs: sum("DisableBackup"),
    backupJobs: sum("Backup"),
    vmsWithRepeatedProtectionChanges: [...perVm.entries()]
      .filter(([, c]) => (c.ConfigureBackup ?? 0) > 1 || (c.DisableBackup ?? 0) > 1)
      .map(([vm, c]) => `${vm} ${JSON.stringify(c)}`),
    otherVmJobs,
  };
}

/**
 * Approval → the VM's first write (the resume PUT) and first `Backups_Trigger` in the emulator's
 * request log (its last 2,000), and the reads naming the VM that ARM answered in between.
 */
async function approvalLatency(
  admin: ReturnType<typeof adminClient>,
  approvedAt: Map<string, number>,
): Promise<LifecyclesResult["approvalToTriggerMs"]> {
  const log = await admin.get<{ at: string; method: string; path: string; operation: string }[]>("requests");
  const trigger = new Map<string, number>();
  const firstWrite = new Map<string, number>();
  const reads = new Map<string, number>();
  const firstCall = new Map<string, number[]>();
  const start = Math.min(...approvedAt.values());
  const early = log.filter(
    (e) => e.method === "GET" && Date.parse(e.at) >= start && Date.parse(e.at) < start + 10_000,
  ).length;
  for (const entry of log) {
    // …/protectedItems/VM;iaasvmcontainerv2;<rg>;<vm>[/backup | /operationResults/…]
    const item = decodeURIComponent(entry.path).toLowerCase().split("/protecteditems/")[1]?.split("/")[0];
    const vm = item?.split(";").at(-1);
    const from = vm === undefined ? undefined : approvedAt.get(vm);
    if (vm === undefined) {
      // Vault-wide calls (listings, operation status): when the first of each kind came.
      const key = `vault ${entry.operation} (first)`;
      if (!firstCall.has(key) && Date.parse(entry.at) >= start)
        firstCall.set(key, [Date.parse(entry.at) - start]);
      continue;
    }
    if (from === undefined || trigger.has(vm)) continue;
    const ms = Date.parse(entry.at) - from;
    const seenKey = `${vm} ${entry.operation}`;
    if (!firstCall.has(seenKey)) firstCall.set(seenKey, [ms]);
    if (entry.operation === "Backups_Trigger") trigger.set(vm, ms);
    else if (entry.method === "GET") reads.set(vm, (reads.get(vm) ?? 0) + 1);
    else if (!firstWrite.has(vm)) firstWrite.set(vm, ms);
  }
  const ms = [...trigger.values()].sort((a, b) => a - b);
  const writeMs = [...firstWrite.values()].sort((a, b) => a - b);
  const readsBefore = [...reads.values()].reduce((n, r) => n + r, 0);
  const byOperation = new Map<string, number[]>();
  for (const [key, [ms]] of firstCall) {
    const operation = key.slice(key.indexOf(" ") + 1);
    byOperation.set(operation, [...(byOperation.get(operation) ?? []), ms as number]);
  }
  const steps = [...byOperation]
    .map(([operation, all]) => ({
      operation,
      p50Ms: round(
        percentile(
          all.sort((a, b) => a - b),
          50,
        ),
        0,
      ),
    }))
    .sort((a, b) => a.p50Ms - b.p50Ms);
  return {
    p50: round(percentile(ms, 50), 0),
    p99: round(percentile(ms, 99), 0),
    max: ms.at(-1) ?? 0,
    matched: ms.length,
    firstWrite: { p50: round(percentile(writeMs, 50), 0), p99: round(percentile(writeMs, 99), 0) },
    itemReadsBeforeTrigger: round(readsBefore / Math.max(1, ms.length), 1),
    readsPerSecondFirst10s: round(early / 10, 1),
    steps,
  };
}

export async function runLifecycles(options: LifecyclesOptions): Promise<LifecyclesResult> {
  const start = THURSDAY_NOON_TOKYO;
  const seed = generateFleet({ vms: options.vms, vaults: options.vaults });
  const vmNames = chooseVms(seed, options.count, DateTime.fromISO(start, { zone: "utc" }));
  const throttleOn = { ...DEFAULT_BEHAVIOUR.throttle, enabled: options.throttle };
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > options.count)
    throw new RangeError(
      `--workers must be a whole number from 1 to --count (${options.count}); got ${workers}.`,
    );
  const concurrency = Math.ceil(options.count / workers);

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((error) => console.error("cleanup:", error));
  };
  try {
    const emulator = await startEmulator({
      seed,
      clock: { start },
      behaviour: { ...FAST_AZURE, throttle: { ...throttleOn, enabled: false } },
    });
    cleanups.push(() => emulator.close());
    const admin = adminClient(emulator.url, emulator.caCertPem);
    // kura's clock and the emulator's virtual clock agree to the millisecond (speed 1).
    const emulatorNow = await admin.get<{ now: string }>("clock");
    const offsetMs = Date.parse(emulatorNow.now) - Date.now();

    const dir = await mkdtemp(join(tmpdir(), "kura-bench-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const configFile = join(dir, "kura.json");
    // Only the chosen VMs are kura's: the reconciler leaves the fleet's other (Protected) VMs alone,
    // so every write in the run belongs to a lifecycle.
    await writeFile(configFile, JSON.stringify({ vaults: vaultsOf(seed), managedVms: vmNames }));
    const env: Record<string, string> = {
      ...benchKuraEnv(emulator, { ...options, configFile, concurrency }),
      KURA_WORKER_LOCK_MS: String(options.lockMs),
    };
    const runtime = await createRuntime(loadConfig(env), {
      clock: { now: () => new Date(Date.now() + offsetMs) },
    });
    let redisKeysLeft = -1;
    cleanups.push(async () => {
      await runtime.close();
    });
    cleanups.push(async () => {
      await removeKeys(runtime.redis, options.prefix);
      redisKeysLeft = (await keysUnder(runtime.redis, options.prefix)).length;
    });

    // 1. Requests, as a chat adapter makes them (the VM lookup is the request side's, not the run's).
    await admin.post("stats/reset");
    const requests = await Promise.all(
      vmNames.map(async (vm, i) => {
        const created = await requestBackup(
          {
            vm,
            retentionDays: 7,
            reason: "bench",
            requester: BENCH_ACTOR,
            conversation: { platform: "bench", channelId: "C-bench" },
          },
          {
            gateway: runtime.gateway,
            journal: runtime.journal,
            clock: runtime.clock,
            newId: () => `rb${i}-${randomBytes(3).toString("hex")}`,
            settings: { defaultRetentionDays: 30, requestTtlMs: 3_600_000 },
          },
        );
        if (!created.ok) throw new Error(`request for ${vm} refused: ${JSON.stringify(created)}`);
        return created.value;
      }),
    );
    const requestSide = await admin.get<Stats>("stats");

    // 2. Full throttle buckets (a behaviour change refills them), zeroed counters, an idle worker.
    await admin.put("behaviour", { throttle: throttleOn });
    await admin.post("stats/reset");
    const launch = workerStart(options.bareNode ?? false, options.nodeFlags, {
      env: {
        ...env,
        BENCH_CLOCK_OFFSET_MS: String(offsetMs),
        BENCH_WORKER_MAX_MS: String(options.deadlineMs + 60_000),
        ...(options.heapDir ? { BENCH_HEAP_DIR: options.heapDir } : {}),
        ...options.workerEnv,
      },
      nodeArgs: options.workerNodeArgs ?? [],
    });
    const children = Array.from({ length: workers }, () =>
      fork(WORKER, [], {
        env: { ...launch.env, KURA_WORKER_CONCURRENCY: String(concurrency) },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        execArgv: launch.execArgv,
      }),
    );
    cleanups.push(() => Promise.all(children.map(stopChild)));
    const logs = children.map(watchWorkerOutput);
    const readies = await Promise.all(
      children.map((c) => waitForMessage<{ rssBytes: number }>(c, "ready", 30_000)),
    );
    const [child, ready] = [children[0] as ChildProcess, readies[0] as { rssBytes: number }];
    await sleep(1_000);
    // Approvals meet a worker that has been up a while, not one whose start-up pass just spent the
    // subscription's ARM burst: wait until kura's budget buckets are full again (an idle bucket expires).
    for (const until = Date.now() + 20_000; Date.now() < until; await sleep(250)) {
      const buckets = (await keysUnder(runtime.redis, options.prefix)).filter((k) =>
        k.includes(":armbudget:"),
      );
      if (buckets.length === 0) break;
    }
    const workerStartup = await admin.get<Stats>("stats");
    await admin.post("stats/reset");

    // 3. The run: approve everything at once, wait for every request to end (or the deadline).
    const t0 = performance.now();
    const approvedAt = new Map<string, number>();
    await Promise.all(
      requests.map(async (request) => {
        approvedAt.set(request.vmName.toLowerCase(), Date.now());
        const approved = await decideRequest(
          request.id,
          BENCH_APPROVER,
          { approve: true },
          {
            journal: runtime.journal,
            queue: runtime.queue,
            clock: runtime.clock,
            rules: { isApprover: () => true, allowSelfApproval: false },
          },
        );
        if (!approved.ok) throw new Error(`approval of ${request.id} refused: ${JSON.stringify(approved)}`);
      }),
    );
    if (options.heapDir) {
      await sleep(options.heapAfterMs ?? 8_000);
      const running = (await Promise.all(requests.map((r) => runtime.journal.requests.get(r.id)))).filter(
        (r) => r && !TERMINAL.includes(r.status),
      ).length;
      child.send("snapshot");
      const snap = await waitForMessage<{ path: string }>(child, "snapshot", 120_000);
      console.error(`heap snapshot with ${running} lifecycles running: ${snap.path}`);
    }
    const deadline = t0 + options.deadlineMs;
    // The bench waits on the store's set of approved and running requests (two Redis commands a look),
    // not on each request: reading all 100 every 100 ms was 1,000 Redis reads a second from the bench
    // itself, on the 2 cores the worker, Redis and the emulator share, and it added ~0.2 s to the
    // approval → trigger p50 it measures (3 runs each way, by hand, 2026-12-03).
    while ((await runtime.journal.requests.listActive()).length > 0 && performance.now() <= deadline)
      await sleep(100);
    const wallSeconds = (performance.now() - t0) / 1000;
    const finals = await Promise.all(requests.map((r) => runtime.journal.requests.get(r.id)));
    const run = await admin.get<Stats>("stats");
    const approvalToTriggerMs = await approvalLatency(admin, approvedAt);
    // kura's own part before any Azure call: approval → the worker took the job and marked it running.
    const toRunning = finals
      .flatMap((r) => {
        const from = r && approvedAt.get(r.vmName.toLowerCase());
        return r?.startedAt && from ? [Date.parse(r.startedAt) - offsetMs - from] : [];
      })
      .sort((a, b) => a - b);
    approvalToTriggerMs.steps.unshift({
      operation: "request running (worker)",
      p50Ms: round(percentile(toRunning, 50), 0),
    });
    child.send("report");
    const rss = await waitForMessage<{
      peakRssBytes: number;
      samples: number;
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
      idle: MemoryBreakdown;
      atPeak?: MemoryBreakdown;
      atEnd: MemoryBreakdown;
      maxSockets: number;
      gc: LifecyclesResult["workerGc"];
    }>(child, "report", 10_000);
    await Promise.all(children.map(stopChild));
    const workerLog = sumCounts(logs);
    const azure = await azureEffects(admin, new Set(vmNames.map((v) => v.toLowerCase())));

    const succeeded = finals.filter((r) => r?.status === "succeeded").length;
    const failed = finals.filter((r) => r && r.status !== "succeeded" && TERMINAL.includes(r.status));
    const failures: Record<string, number> = {};
    for (const r of failed) {
      const code = r?.failure?.code ?? r?.status ?? "unknown";
      failures[code] = (failures[code] ?? 0) + 1;
    }
    const durations = finals
      .flatMap((r) =>
        r?.startedAt && r.finishedAt ? [(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000] : [],
      )
      .sort((a, b) => a - b);
    const n = options.count;
    await cleanup();
    cleanups.length = 0;
    return {
      lifecycles: n,
      succeeded,
      failed: failed.length,
      unfinished: n - succeeded - failed.length,
      failures,
      fleet: { vms: options.vms, vaults: options.vaults },
      workers,
      workerConcurrency: concurrency,
      throttleEnabled: options.throttle,
      wallSeconds: round(wallSeconds, 1),
      lifecycleSeconds: {
        p50: round(percentile(durations, 50), 1),
        p95: round(percentile(durations, 95), 1),
        max: round(durations.at(-1) ?? 0, 1),
      },
      arm: {
        reads: run.reads,
        writes: run.writes,
        throttled: run.throttled,
        readsPerLifecycle: round(run.reads / n, 1),
        writesPerLifecycle: round(run.writes / n, 2),
        expectedWritesPerLifecycle: 3,
        byOperation: Object.fromEntries(Object.entries(run.byOperation).sort(([, a], [, b]) => b - a)),
        byStatus: run.byStatus,
      },
      setup: { requestSideReads: requestSide.reads, workerStartupReads: workerStartup.reads },
      workerRss: { baselineMb: mb(ready.rssBytes), peakMb: mb(rss.peakRssBytes), samples: rss.samples },
      workerNode: { execArgv: launch.execArgv, compileCache: Boolean(launch.env.NODE_COMPILE_CACHE) },
      workerMemory: {
        idle: rss.idle,
        ...(rss.atPeak ? { atPeak: rss.atPeak } : {}),
        atEnd: rss.atEnd,
        maxSockets: rss.maxSockets,
      },
      workerEventLoopDelayMs: { p99: round(rss.loopDelayP99Ms, 0), max: round(rss.loopDelayMaxMs, 0) },
      workerGc: {
        minor: rss.gc.minor,
        minorMs: round(rss.gc.minorMs, 0),
        major: rss.gc.major,
        majorMs: round(rss.gc.majorMs, 0),
      },
      workerLockMs: options.lockMs,
      workerLog,
      azure,
      redisKeysLeft,
      approvalToTriggerMs,
    };
  } finally {
    await cleanup();
  }
}

export function summarize(r: LifecyclesResult): string {
  const ops = Object.entries(r.arm.byOperation)
    .map(
      ([op, calls]) =>
        `    ${op.padEnd(40)} ${String(calls).padStart(6)}  (${round(calls / r.lifecycles, 1)}/lifecycle)`,
    )
    .join("\n");
  return [
    `lifecycles: ${r.lifecycles} at once on ${r.fleet.vms} VMs / ${r.fleet.vaults} vaults (${r.workers} worker process${r.workers > 1 ? "es" : ""}, concurrency ${r.workerConcurrency} each, ARM throttling ${r.throttleEnabled ? "on" : "off"})`,
    `  succeeded ${r.succeeded}, failed ${r.failed}, unfinished ${r.unfinished}${r.failed ? ` ${JSON.stringify(r.failures)}` : ""}`,
    `  wall time ${r.wallSeconds} s; one lifecycle p50 ${r.lifecycleSeconds.p50} s, p95 ${r.lifecycleSeconds.p95} s, max ${r.lifecycleSeconds.max} s`,
    `  ARM reads ${r.arm.reads} (${r.arm.readsPerLifecycle}/lifecycle), writes ${r.arm.writes} (${r.arm.writesPerLifecycle}/lifecycle, expected ${r.arm.expectedWritesPerLifecycle}), 429s ${r.arm.throttled}`,
    `  status codes ${JSON.stringify(r.arm.byStatus)}`,
    `  by operation:\n${ops}`,
    `  outside the run: request-side reads ${r.setup.requestSideReads}, worker start-up reads ${r.setup.workerStartupReads}`,
    `  worker node: ${r.workerNode.execArgv.join(" ") || "no flags"}, compile cache ${r.workerNode.compileCache ? "on" : "off"}`,
    `  worker RSS: idle ${r.workerRss.baselineMb} MB, peak ${r.workerRss.peakMb} MB (${r.workerRss.samples} samples); event loop delay p99 ${r.workerEventLoopDelayMs.p99} ms, max ${r.workerEventLoopDelayMs.max} ms`,
    `  worker GC during the run: ${r.workerGc.minor} scavenges (${r.workerGc.minorMs} ms), ${r.workerGc.major} other (${r.workerGc.majorMs} ms)`,
    `  worker memory idle:    ${describeBreakdown(r.workerMemory.idle)}`,
    ...(r.workerMemory.atPeak
      ? [`  worker memory at peak: ${describeBreakdown(r.workerMemory.atPeak)}`]
      : []),
    `  worker memory at end:  ${describeBreakdown(r.workerMemory.atEnd)}; at most ${r.workerMemory.maxSockets} sockets open`,
    `  worker log (lock ${r.workerLockMs} ms): ${r.workerLog.lockRenewFailures} lock renewals failed, ${r.workerLog.stalled} stalled, ${r.workerLog.jobFailures} job failures, ${r.workerLog.lines} lines`,
    `  Azure: ${r.azure.configureJobs} ConfigureBackup, ${r.azure.backupJobs} Backup, ${r.azure.disableJobs} DisableBackup jobs; ${r.azure.vmsNotStoppedAfter} VMs left protected; repeated protection changes: ${r.azure.vmsWithRepeatedProtectionChanges.length ? r.azure.vmsWithRepeatedProtectionChanges.join(", ") : "none"}; jobs on other VMs: ${JSON.stringify(r.azure.otherVmJobs)}`,
    `  approval → Backups_Trigger: p50 ${r.approvalToTriggerMs.p50} ms, p99 ${r.approvalToTriggerMs.p99} ms, max ${r.approvalToTriggerMs.max} ms (${r.approvalToTriggerMs.matched} matched); approval → first write p50 ${r.approvalToTriggerMs.firstWrite.p50} ms, p99 ${r.approvalToTriggerMs.firstWrite.p99} ms; ${r.approvalToTriggerMs.itemReadsBeforeTrigger} item reads before the trigger; ${r.approvalToTriggerMs.readsPerSecondFirst10s} reads/s in the first 10 s`,
    `  redis keys left under the prefix: ${r.redisKeysLeft}`,
  ].join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      count: { type: "string" },
      vms: { type: "string" },
      vaults: { type: "string" },
      "deadline-seconds": { type: "string" },
      "no-throttle": { type: "boolean" },
      "lock-ms": { type: "string" },
      prefix: { type: "string" },
      "heap-dir": { type: "string" },
      "worker-env": { type: "string", multiple: true },
      "worker-node-arg": { type: "string", multiple: true },
      "bare-node": { type: "boolean" },
      "node-flags": { type: "string" },
      workers: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const result = await runLifecycles({
    count: Number(values.count ?? 100),
    vms: Number(values.vms ?? 400),
    vaults: Number(values.vaults ?? 2),
    deadlineMs: Number(values["deadline-seconds"] ?? 150) * 1000,
    throttle: !values["no-throttle"],
    lockMs: Number(values["lock-ms"] ?? 30_000),
    prefix: values.prefix ?? `kurabench-${randomBytes(5).toString("hex")}`,
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    ...(values["heap-dir"] ? { heapDir: values["heap-dir"] } : {}),
    workerNodeArgs: values["worker-node-arg"] ?? [],
    bareNode: values["bare-node"] ?? false,
    workers: Number(values.workers ?? 1),
    ...(values["node-flags"] !== undefined
      ? { nodeFlags: values["node-flags"].split(" ").filter(Boolean) }
      : {}),
    workerEnv: Object.fromEntries(
      (values["worker-env"] ?? []).map((pair) => [
        pair.slice(0, pair.indexOf("=")),
        pair.slice(pair.indexOf("=") + 1),
      ]),
    ),
  });
  console.log(summarize(result));
  if (values.json) console.log(JSON.stringify(result));
}
