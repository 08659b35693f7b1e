/**
 * The worker half of bench/lifecycles.ts, in its own process so its memory is measured alone (the
 * emulator and the request side live in the parent). Wired exactly like production's worker role
 * (src/compose), started with production's Node flags and compile cache (the parent sees to it),
 * configured from the environment the parent passes, with kura's clock shifted by
 * BENCH_CLOCK_OFFSET_MS so it agrees with the emulator's virtual clock.
 *
 * Reports where its memory is (bench/memory-breakdown.ts) when idle, at the run's highest RSS sample
 * and at the end, the most sockets open at once, and its garbage collections during the run.
 *
 * With BENCH_HEAP_DIR set, a heap snapshot is written there when idle (before "ready") and on
 * "snapshot" or { type: "snapshot", name } (→ { type: "snapshot", path }).
 *
 * "gc" → { type: "gc", forced, before, after }: where the memory is (bench/memory-breakdown.ts), then
 * a full garbage collection when the parent started this process with `--expose-gc` (bench/soak.ts
 * does; production never does), then again: what is live after it is what a leak would grow.
 *
 * IPC protocol (parent → child): "report" → { type: "report", peakRssBytes, event loop delay, ... }; "stop" → closes
 * and exits. The child sends { type: "ready", rssBytes } once the worker role is running, samples
 * `process.memoryUsage().rss` every 100 ms, and exits on its own if the parent goes away or after
 * BENCH_WORKER_MAX_MS.
 */
import { join } from "node:path";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";
import { createRuntime } from "../src/compose/runtime.ts";
import { startWorkerRole } from "../src/compose/worker-role.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { type MemoryBreakdown, memoryBreakdown } from "./memory-breakdown.ts";

const send = (message: unknown) => process.send?.(message);
if (!process.send) throw new Error("bench/lifecycle-worker.ts is started by bench/lifecycles.ts over IPC");

const offsetMs = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);
const maxMs = Number(process.env.BENCH_WORKER_MAX_MS ?? 240_000);
/** How long stopping may take before the process exits anyway. */
const STOP_GRACE_MS = 10_000;

const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
/** Garbage collections since idle: what a smaller young generation costs (more, shorter scavenges). */
const gc = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
let countGc = false;
new PerformanceObserver((list) => {
  if (!countGc) return;
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      gc.minor++;
      gc.minorMs += entry.duration;
    } else {
      gc.major++;
      gc.majorMs += entry.duration;
    }
  }
}).observe({ entryTypes: ["gc"] });
let peakRss = process.memoryUsage().rss;
/** Where the memory was once the worker role was idle. */
let idle: MemoryBreakdown | undefined;
let samples = 0;
/** Where the memory was at the run's highest RSS sample (taken again each time RSS rose by 1 MB). */
let atPeak: MemoryBreakdown | undefined;
let runPeakRss = 0;
let maxSockets = 0;
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  samples++;
  if (rss > peakRss) peakRss = rss;
  if (idle === undefined) return;
  if (rss > runPeakRss + 1024 * 1024) {
    atPeak = memoryBreakdown();
    runPeakRss = rss;
  }
  const sockets = process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
  if (sockets > maxSockets) maxSockets = sockets;
}, 100);

const config = loadConfig(process.env);
const runtime = await createRuntime(config, {
  clock: { now: () => new Date(Date.now() + offsetMs) },
  // The same fast knobs as test/helpers/kura-stack.ts.
  lifecycle: { triggerSettleMs: 500, busyRetryMs: 300, operationPollMs: 100 },
});
const log = createLogger({ level: "warn", name: "kura-bench-worker" });
const worker = await startWorkerRole(runtime, log, { withNotificationLog: false });

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(sampler);
  clearTimeout(watchdog);
  // worker.close() waits for running lifecycles, which never end once the parent's emulator is gone:
  // a worker whose parent died must still exit, not run on (it did, for 40 minutes).
  setTimeout(() => process.exit(code), STOP_GRACE_MS).unref();
  await worker.close().catch(() => {});
  await runtime.close().catch(() => {});
  process.disconnect?.();
  process.exit(code);
}

const watchdog = setTimeout(() => {
  console.error(`lifecycle-worker: still running after ${maxMs} ms, stopping`);
  void stop(2);
}, maxMs);

process.on("disconnect", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
/** A full, synchronous mark-compact of every space (`--expose-gc`'s `gc()`), when exposed. */
const fullGc = (globalThis as { gc?: () => void }).gc;
process.on("message", (message: unknown) => {
  const named = message as { type?: string; name?: string } | null;
  if (typeof message === "object" && named?.type === "snapshot" && process.env.BENCH_HEAP_DIR) {
    const path = writeHeapSnapshot(join(process.env.BENCH_HEAP_DIR, `${named.name}.heapsnapshot`));
    send({ type: "snapshot", path });
  } else if (message === "gc") {
    const before = memoryBreakdown();
    fullGc?.();
    send({ type: "gc", forced: fullGc !== undefined, before, after: memoryBreakdown() });
  } else if (message === "report") {
    send({
      type: "report",
      peakRssBytes: peakRss,
      rssBytes: process.memoryUsage().rss,
      samples,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      gc,
      idle,
      atPeak,
      atEnd: memoryBreakdown(),
      maxSockets,
    });
  } else if (message === "snapshot" && process.env.BENCH_HEAP_DIR) {
    // Taken on request mid-run (lifecycles running); the parent reads it with bench/heap-summary.ts.
    const path = writeHeapSnapshot(join(process.env.BENCH_HEAP_DIR, "running.heapsnapshot"));
    send({ type: "snapshot", path });
  } else if (message === "stop") {
    void stop(0);
  }
});

loopDelay.reset();
if (process.env.BENCH_HEAP_DIR) writeHeapSnapshot(join(process.env.BENCH_HEAP_DIR, "idle.heapsnapshot"));
idle = memoryBreakdown();
countGc = true;
send({ type: "ready", rssBytes: process.memoryUsage().rss });
