/**
 * The soak: thousands of ad-hoc lifecycles (resume protection → backup now → watch → stop protection)
 * fed steadily through two worker processes, to find what a long run loses, doubles or leaks.
 * A benchmark, not a test: it writes numbers down and asserts nothing.
 *
 * Layout: this process runs the emulator (a generated fleet over many subscriptions, fast timings,
 * clock pinned to Thursday 12:00 Tokyo as bench/lifecycles.ts), the request side (the chat core every
 * adapter calls: `/backup <vm>` with an idempotency key, then Approve) and the notification consumer
 * (what the bot role's delivery does, so delivered events are trimmed as in production); bench/lifecycle-worker.ts runs the worker role, `--workers` times, each
 * in its own process started as production starts it. Redis keys live under a unique prefix, removed
 * at the end.
 *
 * The fleet: one VM per lifecycle (10,000 VMs for 10,000), generated (bench/fleet.ts) and made what
 * bench/lifecycles.ts's `chooseVms` picks (stopped, weekly policy, < 15 instant points, no scheduled run
 * near the pinned instant), so each backup is one kura allows (no daily on-demand limit, restore point
 * limit or schedule collision can refuse it) and "doubled" is simply "a VM with more than one job of a
 * kind". It is spread over `--subscriptions` subscriptions because ARM's budget is per subscription
 * (reads 25/s, writes 10/s) and kura paces itself to it whether or not the emulator throttles: in one
 * subscription 10,000 lifecycles (≈ 19 reads, request side included, and 3 writes each) would take
 * over two hours on budget alone; over 25 the budget is ~560 reads/s and CPU is the limit.
 *
 * ARM throttling in the emulator is off unless `--throttle`: the soak looks for losses, doubles and
 * leaks, kura's own budget keeps it under ARM's rates anyway, and bench/lifecycles.ts measures 429s.
 *
 * Feeding: `--in-flight` requests open at any time; a finished one is replaced by the next. Every
 * `--sample-seconds`: each worker's RSS, and Redis under the prefix by kind of key (bench/redis-footprint.ts).
 * Each worker's memory then, by where it is (bench/memory-breakdown.ts), before and after a full GC:
 * the workers get `--expose-gc` (the bench's only addition to production's flags) and collect on the
 * sampler's "gc" message, so what is live after it separates a leak (live heap growing with the
 * lifecycles) from memory V8 or malloc keeps (RSS growing while the live heap does not). `--no-gc`
 * samples without forcing one (as before; the forced GCs, one per sample, could hide a growth that
 * only happens between GCs). `--heap-dir DIR`: each worker writes a heap snapshot there once warmed up
 * and at the end (w1/warm, w1/end, …; w1/idle at start), for bench/heap-summary.ts.
 *
 * Usage: node bench/soak.ts [--lifecycles 10000] [--in-flight 200] [--workers 2] [--subscriptions 25]
 *          [--vaults 2] [--throttle] [--keep-events 10000] [--sample-seconds 20] [--deadline-seconds 900]
 *          (the deadline stops the feeding; what is open then gets 60 s more to end)
 *          [--prefix kurabench-xyz] [--no-gc] [--heap-dir DIR] [--json]
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "bullmq";
import { DateTime } from "luxon";
import { DEFAULT_BEHAVIOUR, type StatsSnapshot, startEmulator } from "../src/azure/emulator/index.ts";
import type { ChatActor } from "../src/commands/chat/types.ts";
import type { KuraEvent } from "../src/commands/ports/events.ts";
import { notificationQueueName } from "../src/commands/ports/queues.ts";
import type { BackupRequest, RequestStatus } from "../src/commands/ports/requests.ts";
import { createRuntime } from "../src/compose/runtime.ts";
import { loadConfig } from "../src/config.ts";
import { adminClient } from "../test/helpers/emulator-admin.ts";
import { FAST_AZURE, THURSDAY_NOON_TOKYO } from "../test/helpers/kura-stack.ts";
import { keysUnder, removeKeys } from "../test/helpers/redis.ts";
import { mergeFleets, subscriptionFleets } from "./fleet.ts";
import {
  azureJobs,
  benchKuraEnv,
  chooseVms,
  percentile,
  stopChild,
  TERMINAL,
  vaultsOf,
  waitForMessage,
  watchWorkerOutput,
  workerStart,
} from "./lifecycles.ts";
import type { MemoryBreakdown } from "./memory-breakdown.ts";
import { type Footprint, redisFootprint } from "./redis-footprint.ts";

export interface SoakOptions {
  lifecycles: number;
  inFlight: number;
  workers: number;
  subscriptions: number;
  vaults: number;
  throttle: boolean;
  keepEvents: number;
  sampleMs: number;
  deadlineMs: number;
  prefix: string;
  redisUrl: string;
  /** Force a full GC in each worker at each sample (`--expose-gc`, the bench's only extra flag). */
  forcedGc: boolean;
  /** Write worker heap snapshots here (warmed up, end). */
  heapDir?: string;
}

/** One worker's memory at a sample: before and after the full GC (after = before when not forced). */
export interface WorkerMemory {
  forced: boolean;
  before: MemoryBreakdown;
  after: MemoryBreakdown;
}

/** What a worker's memory is made of, as MB figures read off a sample (for the growth per lifecycle). */
export const MEMORY_MEASURES: { name: string; of: (m: WorkerMemory) => number }[] = [
  { name: "RSS", of: (m) => m.before.rssMb },
  { name: "RSS after GC", of: (m) => m.after.rssMb },
  { name: "heap live after GC", of: (m) => m.after.heapUsedMb },
  { name: "heap committed after GC", of: (m) => m.after.heapTotalMb },
  { name: "old space live", of: (m) => m.after.spacesUsedMb.old ?? 0 },
  { name: "old space committed", of: (m) => m.after.spacesMb.old ?? 0 },
  { name: "code space live", of: (m) => m.after.spacesUsedMb.code ?? 0 },
  { name: "large objects live", of: (m) => m.after.spacesUsedMb.large_object ?? 0 },
  { name: "external", of: (m) => m.after.externalMb },
  { name: "arrayBuffers", of: (m) => m.after.arrayBuffersMb },
  { name: "native (anonymous − V8 heap)", of: (m) => m.after.nativeMb ?? 0 },
  { name: "file-backed", of: (m) => m.after.fileMb ?? 0 },
];

export interface SoakSample {
  /** Seconds since the first request. */
  at: number;
  finished: number;
  workerRssMb: number[];
  /** Per worker: where its memory is, before and after a full GC. */
  workerMemory: WorkerMemory[];
  /** Notification events not yet consumed (the delivery side's backlog; kept until delivered). */
  eventsWaiting: number;
  redis: Footprint;
}

export interface SoakResult {
  lifecycles: number;
  fleet: { vms: number; vaults: number; subscriptions: number };
  workers: number;
  workerConcurrency: number;
  inFlight: number;
  throttleEnabled: boolean;
  keepEvents: number;
  wallSeconds: number;
  lifecyclesPerSecond: number;
  lifecycleSeconds: { p50: number; p95: number; max: number };
  succeeded: number;
  /** Requests made before the deadline stopped feeding, and those never made (not counted as lost). */
  fed: number;
  notFed: number;
  /** Every request that did not end `succeeded`: its id, VM, status and failure code (the first 50). */
  lost: { count: number; byReason: Record<string, number>; first: string[] };
  /** VMs with other than exactly one ConfigureBackup, Backup and DisableBackup job (the first 50). */
  doubled: { count: number; first: string[]; jobsByOperation: Record<string, number> };
  /** ARM calls the emulator answered during the run, by operation (all statuses). */
  arm: { reads: number; writes: number; throttled: number; byOperation: Record<string, number> };
  /**
   * CPU seconds per finished lifecycle during the run: this process (the emulator, the request side, the
   * event consumer and the sampling) and each worker process.
   */
  cpuMsPerLifecycle: { parent: number; workers: number[] };
  workerLog: { lockRenewFailures: number; stalled: number; jobFailures: number; lines: number }[];
  /** Per worker: RSS once warmed up (the first sample after 10% of the lifecycles ended) and at the end. */
  rss: { warmMb: number; endMb: number; growthPercent: number; peakMb: number }[];
  /**
   * Per worker, per MEMORY_MEASURES: the value once warmed up, at the end, and its growth per 1,000
   * finished lifecycles after warm-up (least-squares slope over the samples, which swing by tens of MB).
   */
  memory: { measure: string; warmMb: number; endMb: number; perThousandMb: number }[][];
  samples: SoakSample[];
  redisKeysLeft: number;
}

const REQUESTER: ChatActor = { platform: "bench", id: "U-soak-requester", name: "soak" };
const APPROVER: ChatActor = { platform: "bench", id: "U-soak-approver", name: "approver" };
const CONVERSATION = { platform: "bench", channelId: "C-soak" };
/**
 * Faster still than FAST_AZURE where only waiting is saved: Retry-After 1 s on the 202s (Azure says 60,
 * which kura caps at 5 s, so its three operations alone took 15 s) and a 1 s backup job. The work kura
 * does per lifecycle is the same; with 200 lifecycles running at most (2 workers × 100), a shorter
 * lifecycle is what lets thousands fit in minutes.
 */
const SOAK_AZURE = { asyncRetryAfterSeconds: 1, snapshotMs: 500, transferMs: 500 };
/** Notification events consumed at once per platform queue (a chat adapter's delivery). */
const EVENT_CONSUMERS = 50;
/** After the deadline stops the feeding, how long the open requests get to end. */
const DRAIN_MS = 60_000;
/** How often every open request is read, besides those whose end an event announced. */
const FULL_SWEEP_MS = 5_000;
/** kura's restore point warning starts at 15 (KURA_RP_WARN_THRESHOLD): stay below it. */
const MAX_INSTANT_POINTS = 14;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * A fleet of exactly the VMs the soak needs, the same number in each subscription: generateFleet's VMs
 * made candidates (stopped, under the weekly policy, at most 14 instant points) so the fleet is no
 * bigger than the run (kura's start-up and lookups grow with the fleet), then `chooseVms` checks each
 * as bench/lifecycles.ts does. Interleaved across subscriptions so every budget is used at once.
 */
function soakFleet(options: SoakOptions, now: DateTime) {
  const perSubscription = Math.ceil(options.lifecycles / options.subscriptions);
  const fleets = subscriptionFleets({
    vms: perSubscription,
    vaults: options.vaults,
    subscriptions: options.subscriptions,
  }).map((fleet) => ({
    vaults: fleet.vaults.map((vault) => ({
      ...vault,
      items: vault.items.map((item) => ({
        ...item,
        protectionState: "ProtectionStopped" as const,
        policyName: "weekly-wed",
        recoveryPoints: (item.recoveryPoints ?? []).slice(0, MAX_INSTANT_POINTS),
      })),
    })),
  }));
  const chosen = fleets.map((fleet) => chooseVms(fleet, perSubscription, now));
  const order: string[] = [];
  for (let i = 0; i < perSubscription; i++)
    for (const list of chosen) {
      const vm = list[i];
      if (vm) order.push(vm);
    }
  return {
    seed: mergeFleets(fleets),
    vms: order.slice(0, options.lifecycles),
    fleetVms: perSubscription * fleets.length,
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const {
    seed,
    vms: vmNames,
    fleetVms,
  } = soakFleet(options, DateTime.fromISO(THURSDAY_NOON_TOKYO, { zone: "utc" }));
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((error) => console.error("cleanup:", error));
    cleanups.length = 0;
  };
  try {
    const throttle = { ...DEFAULT_BEHAVIOUR.throttle, enabled: options.throttle };
    const emulator = await startEmulator({
      seed,
      clock: { start: THURSDAY_NOON_TOKYO },
      behaviour: { ...FAST_AZURE, ...SOAK_AZURE, throttle },
    });
    cleanups.push(() => emulator.close());
    const admin = adminClient(emulator.url, emulator.caCertPem);
    const offsetMs = Date.parse((await admin.get<{ now: string }>("clock")).now) - Date.now();

    const dir = await mkdtemp(join(tmpdir(), "kura-soak-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const configFile = join(dir, "kura.json");
    await writeFile(
      configFile,
      JSON.stringify({
        vaults: vaultsOf(seed),
        // Only the chosen VMs are kura's: every write in the run belongs to a lifecycle.
        managedVms: vmNames,
        approvers: { users: [`${APPROVER.platform}:${APPROVER.id}`] },
      }),
    );
    const workerConcurrency = Math.min(100, Math.ceil(options.inFlight / options.workers));
    const env: Record<string, string> = {
      ...benchKuraEnv(emulator, { ...options, configFile, concurrency: workerConcurrency }),
      KURA_KEEP_EVENTS: String(options.keepEvents),
    };
    const runtime = await createRuntime(loadConfig(env), {
      clock: { now: () => new Date(Date.now() + offsetMs) },
    });
    let redisKeysLeft = -1;
    cleanups.push(() => runtime.close());
    cleanups.push(async () => {
      await removeKeys(runtime.redis, options.prefix);
      redisKeysLeft = (await keysUnder(runtime.redis, options.prefix)).length;
    });
    // The delivery side: consumes each platform's notification events as its chat adapter would (the
    // bench's own, and the console's system notices), so delivered ones are trimmed as in production,
    // and notes which requests just ended. Many at a time: the worker's event log printer (one at a
    // time) falls behind ~10 events per lifecycle at this rate, and a backlog is not what is measured.
    const ended = new Set<string>();
    const notifyQueues = [CONVERSATION.platform, "console"].map((platform) =>
      notificationQueueName(runtime.config.queues.notify, platform),
    );
    for (const queueName of notifyQueues) {
      const consumer = new Worker<KuraEvent>(
        queueName,
        async (job) => {
          const event = job.data;
          if ("requestId" in event && TERMINAL.includes(event.type as RequestStatus))
            ended.add(event.requestId);
        },
        { connection: runtime.blocking, prefix: `${options.prefix}:bull`, concurrency: EVENT_CONSUMERS },
      );
      cleanups.push(() => consumer.close());
    }
    const eventsWaiting = async () => {
      const lengths = await Promise.all(
        notifyQueues.map((q) => runtime.redis.llen(`${options.prefix}:bull:${q}:wait`)),
      );
      return lengths.reduce((n, l) => n + l, 0);
    };

    const workers: ChildProcess[] = [];
    // Started as production starts the worker role (its Node flags, compile cache filled first).
    const launch = workerStart(false, undefined, {
      env: {
        ...env,
        BENCH_CLOCK_OFFSET_MS: String(offsetMs),
        BENCH_WORKER_MAX_MS: String(options.deadlineMs + 120_000),
      },
      nodeArgs: options.forcedGc ? ["--expose-gc"] : [],
    });
    for (let w = 0; w < options.workers; w++) {
      // Each worker's snapshots in a folder of its own (it writes `idle` there at start, as in bench/lifecycles.ts).
      const heapDir = options.heapDir ? join(options.heapDir, `w${w + 1}`) : undefined;
      if (heapDir) await mkdir(heapDir, { recursive: true });
      const child = fork(new URL("./lifecycle-worker.ts", import.meta.url), [], {
        env: heapDir ? { ...launch.env, BENCH_HEAP_DIR: heapDir } : launch.env,
        execArgv: launch.execArgv,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      cleanups.push(() => stopChild(child));
      workers.push(child);
    }
    const workerLogs = workers.map((child) => watchWorkerOutput(child));
    await Promise.all(workers.map((child) => waitForMessage(child, "ready", 120_000)));
    await sleep(1_000);
    await admin.post("stats/reset");

    const rssOf = async (child: ChildProcess) =>
      mb((await waitForMessageAfter<{ rssBytes: number }>(child, "report")).rssBytes);
    const memoryOf = (child: ChildProcess) => waitForMessageAfter<WorkerMemory>(child, "gc");
    const snapshots = async (name: string) => {
      if (!options.heapDir) return;
      for (const child of workers) {
        const answer = waitForMessage<{ path: string }>(child, "snapshot", 120_000);
        child.send({ type: "snapshot", name });
        console.error(`soak: heap snapshot ${(await answer).path}`);
      }
    };
    let warmSnapshot = false;
    const samples: SoakSample[] = [];
    const open = new Map<string, string>(); // request id → VM
    const refused: string[] = [];
    let next = 0;
    let creating = 0;
    const cpuBefore = {
      parent: process.cpuUsage(),
      workers: await Promise.all(workers.map((child) => cpuSecondsOf(child.pid))),
    };
    const finishedAt = new Map<string, BackupRequest>();
    const started = performance.now();
    const seconds = () => round((performance.now() - started) / 1000);
    const takeSample = async () => {
      const workerRssMb = await Promise.all(workers.map(rssOf));
      // After the RSS reading, so the forced GC does not change what the RSS column has always shown.
      const workerMemory = await Promise.all(workers.map(memoryOf));
      const redis = await redisFootprint(runtime.redis, options.prefix);
      const sample = {
        at: seconds(),
        finished: finishedAt.size,
        workerRssMb,
        workerMemory,
        eventsWaiting: await eventsWaiting(),
        redis,
      };
      samples.push(sample);
      const live = workerMemory.map(
        (m) =>
          `${m.after.heapUsedMb} (old ${m.after.spacesUsedMb.old}, code ${m.after.spacesUsedMb.code}; committed ${m.after.heapTotalMb}; native ${m.after.nativeMb})`,
      );
      console.error(
        `soak ${sample.at} s: ${sample.finished}/${options.lifecycles} ended, ${open.size} open, ${creating} being created, ${sample.eventsWaiting} events waiting; worker RSS ${workerRssMb.join(", ")} MB; heap live after ${options.forcedGc ? "a full GC" : "the last GC (not forced)"} ${live.join(", ")} MB; Redis ${redis.keys} keys, ${mb(redis.bytes)} MB`,
      );
      if (!warmSnapshot && sample.finished >= options.lifecycles / 10) {
        warmSnapshot = true;
        await snapshots("warm");
      }
    };
    await takeSample();

    // The run: keep `inFlight` requests open; each finished one is replaced by the next VM's.
    const deadline = started + options.deadlineMs;
    const create = async (vm: string, n: number) => {
      const reply = await runtime.chat.handleCommand({
        text: `${vm} --retain 7d --reason soak`,
        actor: REQUESTER,
        conversation: CONVERSATION,
        idempotencyKey: `soak-${n}`,
      });
      if (reply.kind !== "request-created") {
        refused.push(`${vm}: ${JSON.stringify(reply).slice(0, 200)}`);
        return;
      }
      const decided = await runtime.chat.decide({
        requestId: reply.request.id,
        actor: APPROVER,
        approve: true,
      });
      if (!decided.ok) {
        refused.push(`${vm} (${reply.request.id}) not approved: ${JSON.stringify(decided.text)}`);
        return;
      }
      open.set(reply.request.id, vm);
    };
    let lastSample = performance.now();
    let lastSweep = performance.now();
    // Past the deadline nothing more is fed; what is open gets DRAIN_MS to end (what does not is lost).
    while (performance.now() < deadline + DRAIN_MS) {
      const feeding = performance.now() < deadline;
      while (feeding && next < vmNames.length && open.size + creating < options.inFlight) {
        const n = next++;
        creating++;
        void create(vmNames[n] as string, n)
          .catch((error) => refused.push(`${vmNames[n]}: ${error}`))
          .finally(() => creating--);
      }
      // The requests whose end was just announced, and every open one now and then (an event that
      // never came must not hide how a request ended).
      const sweep = performance.now() - lastSweep >= FULL_SWEEP_MS;
      if (sweep) lastSweep = performance.now();
      const ids = sweep ? [...open.keys()] : [...ended].filter((id) => open.has(id));
      ended.clear();
      const states = await Promise.all(ids.map((id) => runtime.journal.requests.get(id)));
      states.forEach((request, i) => {
        if (request && TERMINAL.includes(request.status)) {
          open.delete(ids[i] as string);
          finishedAt.set(request.id, request);
        }
      });
      if ((!feeding || next >= vmNames.length) && open.size === 0 && creating === 0) break;
      if (performance.now() - lastSample >= options.sampleMs) {
        lastSample = performance.now();
        await takeSample();
      }
      await sleep(250);
    }
    const wallSeconds = seconds();
    const run = await admin.get<StatsSnapshot>("stats");
    const parentCpu = process.cpuUsage(cpuBefore.parent);
    const workerCpu = await Promise.all(
      workers.map(async (child, w) => (await cpuSecondsOf(child.pid)) - (cpuBefore.workers[w] ?? 0)),
    );
    await takeSample();
    await snapshots("end");

    // Lost: every request that did not end `succeeded`, and every VM that got no request at all.
    const finals = [...finishedAt.values()];
    for (const id of open.keys()) {
      const request = await runtime.journal.requests.get(id);
      if (request) finals.push(request);
    }
    const lostLines: string[] = [...refused];
    const byReason: Record<string, number> = {};
    if (refused.length > 0) byReason["not created or not approved"] = refused.length;
    for (const r of finals) {
      if (r.status === "succeeded") continue;
      const reason = `${r.status}${r.failure ? ` ${r.failure.code}` : ""}`;
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      lostLines.push(`${r.id} ${r.vmName}: ${reason}${r.failure ? ` (${r.failure.message})` : ""}`);
    }
    const notFed = vmNames.length - next;
    const succeeded = finals.filter((r) => r.status === "succeeded").length;

    // Doubled: the emulator's jobs per chosen VM (one ConfigureBackup, Backup and DisableBackup each).
    const chosen = new Set(vmNames.slice(0, next).map((vm) => vm.toLowerCase()));
    const jobs = await azureJobs(admin, chosen);
    const jobsByOperation: Record<string, number> = {};
    const doubledLines: string[] = [];
    for (const [vm, counts] of jobs.perVm) {
      for (const [op, n] of Object.entries(counts)) jobsByOperation[op] = (jobsByOperation[op] ?? 0) + n;
      if (Object.values(counts).some((n) => n > 1)) doubledLines.push(`${vm} ${JSON.stringify(counts)}`);
    }
    for (const [key, n] of Object.entries(jobs.otherVmJobs)) doubledLines.push(`not chosen: ${key} ×${n}`);

    const warm = samples.find((s) => s.finished >= options.lifecycles / 10) ?? samples[0];
    const end = samples.at(-1);
    const rss = workers.map((_, w) => {
      const warmMb = warm?.workerRssMb[w] ?? 0;
      const endMb = end?.workerRssMb[w] ?? 0;
      return {
        warmMb,
        endMb,
        growthPercent: round(((endMb - warmMb) / Math.max(1, warmMb)) * 100),
        peakMb: Math.max(...samples.map((s) => s.workerRssMb[w] ?? 0)),
      };
    });
    const after = samples.filter((s) => s.finished >= (warm?.finished ?? 0));
    const memory = workers.map((_, w) =>
      MEMORY_MEASURES.map(({ name, of }) => {
        const points = after.flatMap((s) => {
          const m = s.workerMemory[w];
          return m ? [{ x: s.finished, y: of(m) }] : [];
        });
        return {
          measure: name,
          warmMb: points[0]?.y ?? 0,
          endMb: points.at(-1)?.y ?? 0,
          perThousandMb: round(slope(points) * 1000, 2),
        };
      }),
    );
    const durations = finals
      .flatMap((r) =>
        r.startedAt && r.finishedAt ? [(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000] : [],
      )
      .sort((a, b) => a - b);
    await Promise.all(workers.map((child) => stopChild(child)));
    await cleanup();
    return {
      lifecycles: options.lifecycles,
      fleet: { vms: fleetVms, vaults: seed.vaults.length, subscriptions: options.subscriptions },
      workers: options.workers,
      workerConcurrency,
      inFlight: options.inFlight,
      throttleEnabled: options.throttle,
      keepEvents: options.keepEvents,
      wallSeconds,
      lifecyclesPerSecond: round(finishedAt.size / Math.max(1, wallSeconds), 2),
      lifecycleSeconds: {
        p50: round(percentile(durations, 50)),
        p95: round(percentile(durations, 95)),
        max: round(durations.at(-1) ?? 0),
      },
      succeeded,
      fed: next,
      notFed,
      lost: { count: next - succeeded, byReason, first: lostLines.slice(0, 50) },
      doubled: { count: doubledLines.length, first: doubledLines.slice(0, 50), jobsByOperation },
      arm: {
        reads: run.reads,
        writes: run.writes,
        throttled: run.throttled,
        byOperation: Object.fromEntries(Object.entries(run.byOperation).sort(([, a], [, b]) => b - a)),
      },
      cpuMsPerLifecycle: {
        parent: round((parentCpu.user + parentCpu.system) / 1000 / Math.max(1, finishedAt.size), 1),
        workers: workerCpu.map((cpu) => round((cpu * 1000) / Math.max(1, finishedAt.size), 1)),
      },
      workerLog: workerLogs,
      rss,
      memory,
      samples,
      redisKeysLeft,
    };
  } finally {
    await cleanup();
  }
}

/** Least-squares slope of y over x (0 with fewer than two distinct x). */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((t, p) => t + p.x, 0) / n;
  const my = points.reduce((t, p) => t + p.y, 0) / n;
  const sxx = points.reduce((t, p) => t + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((t, p) => t + (p.x - mx) * (p.y - my), 0) / sxx;
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
async function cpuSecondsOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th (clock ticks, 100/s).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

/** Asks a worker for its report (bench/lifecycle-worker.ts's IPC) and waits for it. */
function waitForMessageAfter<T>(child: ChildProcess, type: "report" | "gc"): Promise<T> {
  const answer = waitForMessage<T>(child, type, 30_000);
  child.send(type);
  return answer;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      lifecycles: { type: "string", default: "10000" },
      "in-flight": { type: "string", default: "200" },
      workers: { type: "string", default: "2" },
      subscriptions: { type: "string", default: "25" },
      vaults: { type: "string", default: "2" },
      throttle: { type: "boolean" },
      "keep-events": { type: "string", default: "10000" },
      "sample-seconds": { type: "string", default: "20" },
      "deadline-seconds": { type: "string", default: "900" },
      prefix: { type: "string" },
      gc: { type: "boolean", default: true },
      "heap-dir": { type: "string" },
      json: { type: "boolean" },
    },
    allowNegative: true,
  });
  const result = await runSoak({
    lifecycles: Number(values.lifecycles),
    inFlight: Number(values["in-flight"]),
    workers: Number(values.workers),
    subscriptions: Number(values.subscriptions),
    vaults: Number(values.vaults),
    throttle: values.throttle === true,
    keepEvents: Number(values["keep-events"]),
    sampleMs: Number(values["sample-seconds"]) * 1000,
    deadlineMs: Number(values["deadline-seconds"]) * 1000,
    prefix: values.prefix ?? `kurabench-${randomBytes(5).toString("hex")}`,
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    forcedGc: values.gc,
    ...(values["heap-dir"] ? { heapDir: values["heap-dir"] } : {}),
  });
  const { samples, ...rest } = result;
  console.log(JSON.stringify({ ...rest, samples: samples.length }, null, 2));
  if (values.json) console.log(JSON.stringify(result));
}
