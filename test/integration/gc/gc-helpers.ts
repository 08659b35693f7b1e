/**
 * Helpers for the GC window tests: a kura clock that moves with real time and jumps forward in
 * step with the emulator's (`/_emulator/clock` advance), firing a job scheduler's pending job now
 * (as BullMQ would at its time), and reading the events kura published.
 */
import type { TestContext } from "node:test";
import { type Job, Queue } from "bullmq";
import type { GcWindowProgressEvent } from "../../../src/commands/gc/events.ts";
import type { Clock } from "../../../src/commands/ports/clock.ts";
import type { KuraEvent } from "../../../src/commands/ports/events.ts";
import type { RpWatchReport } from "../../../src/commands/rp-watch/check-restore-points.ts";
import type { Runtime, RuntimeOverrides } from "../../../src/compose/runtime.ts";
import type { KuraStack } from "../../helpers/kura-stack.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { waitFor } from "../../helpers/lifecycle.ts";

export interface SteppingClock extends Clock {
  advance(ms: number): void;
}

export function steppingClock(startIso: string): SteppingClock {
  let offset = Date.parse(startIso) - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}

export interface GcStack extends KuraStack {
  clock: SteppingClock;
  maintenance: Queue;
  /** Moves kura's and the emulator's clocks to `iso` together (never backwards). */
  travelTo(iso: string): Promise<void>;
  /** Runs the scheduler's next job now and waits for it to finish; resolves with its result. */
  fire(schedulerId: string): Promise<unknown>;
  /** Runs a one-off maintenance job now (a delayed emergency close) and waits for it. */
  runNow(jobId: string): Promise<unknown>;
  /**
   * Runs the next waiting restore point check after backups now (before its delay ends) and waits
   * for it; resolves with its report and its job's data.
   */
  runRpCheck(): Promise<{ report: RpWatchReport; data: unknown }>;
  events<T extends KuraEvent["type"]>(type: T): Promise<Extract<KuraEvent, { type: T }>[]>;
}

export async function startGcStack(
  t: TestContext,
  options: {
    start: string;
    env?: Record<string, string>;
    behaviour?: Record<string, number>;
    redis?: { url: string; cluster?: boolean };
    overrides?: RuntimeOverrides;
  },
): Promise<GcStack> {
  const clock = steppingClock(options.start);
  const stack = await startKuraStack(t, {
    start: options.start,
    ...(options.env ? { env: options.env } : {}),
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
    overrides: { ...options.overrides, clock },
  });
  const maintenance = new Queue(stack.runtime.config.queues.maintenance, {
    connection: stack.runtime.redis,
    prefix: `${stack.prefix}:bull`,
  });
  t.after(() => maintenance.close());
  const finish = async (job: Job): Promise<unknown> => {
    const id = job.id as string;
    return waitFor(
      `maintenance job ${id}`,
      async () => {
        const state = await maintenance.getJobState(id);
        if (state !== "completed" && state !== "failed") return undefined;
        const current = await maintenance.getJob(id); // read once finished: its result is there
        if (state === "failed") throw new Error(`job ${id} failed: ${current?.failedReason}`);
        return { value: current?.returnvalue };
      },
      120_000,
    ).then((r) => r.value);
  };
  return {
    ...stack,
    clock,
    maintenance,
    async travelTo(iso) {
      const ms = Date.parse(iso) - clock.now().getTime();
      if (ms <= 0) return;
      await stack.admin.post("clock", { advanceMs: ms });
      clock.advance(ms);
    },
    async fire(schedulerId) {
      const scheduler = await waitFor(
        `scheduler ${schedulerId}`,
        async () => (await maintenance.getJobScheduler(schedulerId)) ?? undefined,
      );
      const job = await waitFor(
        `the next ${schedulerId} job`,
        async () => (await maintenance.getJob(`repeat:${schedulerId}:${scheduler.next}`)) ?? undefined,
      );
      if ((await job.getState()) === "delayed") await job.promote();
      return finish(job);
    },
    async runNow(jobId) {
      const job = await waitFor(`job ${jobId}`, async () => (await maintenance.getJob(jobId)) ?? undefined);
      if ((await job.getState()) === "delayed") await job.promote();
      return finish(job);
    },
    async runRpCheck() {
      const job = await waitFor("a waiting rp-check job", async () =>
        (await maintenance.getJobs(["delayed", "waiting"])).find((j) => j.name === "rp-check"),
      );
      if ((await job.getState()) === "delayed") await job.promote();
      return { report: (await finish(job)) as RpWatchReport, data: job.data };
    },
    events: (type) => eventsOf(stack.runtime, type),
  };
}

export async function eventsOf<T extends KuraEvent["type"]>(
  runtime: Runtime,
  type: T,
): Promise<Extract<KuraEvent, { type: T }>[]> {
  const jobs = await runtime.events.queue.getJobs(["waiting", "delayed", "completed", "failed", "active"]);
  return jobs
    .map((job) => job.data)
    .filter((event): event is Extract<KuraEvent, { type: T }> => event.type === type)
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** The last event of each window summary (what a notifier's message shows once the pass ended). */
export async function finalSummaries(runtime: Runtime): Promise<GcWindowProgressEvent[]> {
  const events = await eventsOf(runtime, "gc-window-progress");
  return events.filter((e) => e.finished);
}

/** Waits until the start-up recovery job of every started worker has completed. */
export async function recoveryDone(stack: GcStack, count = 1): Promise<unknown[]> {
  return waitFor(
    "start-up recovery",
    async () => {
      const jobs = (await stack.maintenance.getJobs(["completed", "failed"])).filter(
        (j) => j.name === "gc-recover",
      );
      return jobs.length >= count ? jobs.map((j) => j.returnvalue) : undefined;
    },
    120_000,
  );
}

export async function statesOf(stack: KuraStack): Promise<Record<string, string>> {
  const state = (await stack.admin.get("state")) as {
    vaults: { items: { vmName: string; protectionState: string }[] }[];
  };
  return Object.fromEntries(state.vaults.flatMap((v) => v.items.map((i) => [i.vmName, i.protectionState])));
}

export const ALL_VMS = ["app-01", "batch-01", "db-01", "web-01", "web-02"];
