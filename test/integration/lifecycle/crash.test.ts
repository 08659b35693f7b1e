/**
 * Crash safety: for every step, a real worker process (`node src/main.ts worker`) is killed with
 * SIGKILL in the middle of it; a second worker process takes the job over from its checkpoint, and
 * the lifecycle still ends exactly once: one Azure backup job, protection stopped at the end.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { describe, it } from "node:test";
import { Queue } from "bullmq";
import type { Checkpoint } from "../../../src/commands/lifecycle/checkpoint.ts";
import { type KuraStack, startKuraStack } from "../../helpers/kura-stack.ts";
import {
  backupJobsOf,
  protectionOf,
  requestAndApprove,
  waitFor,
  waitForEnd,
} from "../../helpers/lifecycle.ts";

const CRASH_ENV = {
  // Real time in the worker processes: no schedule margins, so no real Wednesday can interfere.
  KURA_SCHEDULE_MARGIN_BEFORE_MINUTES: "0",
  KURA_SCHEDULE_MARGIN_AFTER_MINUTES: "0",
  KURA_WORKER_LOCK_MS: "2000",
  KURA_LOG_LEVEL: "error",
};
/** Slow enough that each step lasts long enough to be killed in. */
const SLOW_AZURE = {
  protectionOperationMs: 2_000,
  triggerOperationMs: 1_000,
  snapshotMs: 3_000,
  transferMs: 3_000,
};

/** A worker process of its own, stopped (and awaited) before the stack removes its Redis keys. */
function startWorkerProcess(stack: KuraStack): ChildProcess {
  const child = spawn(process.execPath, ["src/main.ts", "worker"], {
    env: { ...process.env, ...stack.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  stack.track({
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  });
  return child;
}

async function checkpointOf(queue: Queue, requestId: string): Promise<Checkpoint | undefined> {
  const job = await queue.getJob(requestId);
  return (job?.data as { checkpoint?: Checkpoint } | undefined)?.checkpoint;
}

async function operationCount(stack: KuraStack, operation: string): Promise<number> {
  const stats = await stack.admin.get<{ byOperation: Record<string, number> }>("stats");
  return stats.byOperation[operation] ?? 0;
}

interface CrashCase {
  step: string;
  /** Resolves once the worker is inside the step. */
  reached(stack: KuraStack, queue: Queue, requestId: string): Promise<boolean>;
  setup?(stack: KuraStack): Promise<void>;
}

const CASES: CrashCase[] = [
  {
    step: "preflight",
    setup: (stack) => stack.admin.post("faults", { latencyMs: 700 }),
    reached: async (stack) => (await operationCount(stack, "BackupProtectedItems_List")) > 1,
  },
  {
    step: "resume (after the PUT was accepted)",
    reached: async (stack) => (await operationCount(stack, "ProtectedItems_CreateOrUpdate")) >= 1,
  },
  {
    step: "trigger (after Azure accepted the POST, before the reply)",
    setup: (stack) =>
      stack.admin.post("faults", { holdResponse: { operation: "Backups_Trigger", ms: 8_000 } }),
    reached: async (stack) => (await operationCount(stack, "Backups_Trigger")) >= 1,
  },
  {
    step: "watch",
    reached: async (_stack, queue, id) => (await checkpointOf(queue, id))?.step === "watch",
  },
  {
    step: "stop (after the PUT was accepted)",
    reached: async (stack) => (await operationCount(stack, "ProtectedItems_CreateOrUpdate")) >= 2,
  },
];

describe("a worker killed with SIGKILL at any step", () => {
  for (const crash of CASES) {
    it(`is taken over at ${crash.step} and the backup happens exactly once`, async (t) => {
      const stack = await startKuraStack(t, { start: "now", env: CRASH_ENV, behaviour: SLOW_AZURE });
      const queue = new Queue(stack.runtime.config.queues.lifecycle, {
        connection: stack.runtime.redis,
        prefix: `${stack.prefix}:bull`,
      });
      t.after(() => queue.close());
      await crash.setup?.(stack);

      const first = startWorkerProcess(stack);
      const request = await requestAndApprove(stack.runtime, "web-01");
      await waitFor(`the worker to reach ${crash.step}`, async () =>
        (await crash.reached(stack, queue, request.id)) ? true : undefined,
      );
      first.kill("SIGKILL");
      await new Promise((resolve) => first.once("exit", resolve));
      await stack.admin.post("faults", {
        latencyMs: 0,
        holdResponse: { operation: "Backups_Trigger", ms: 0 },
      });

      startWorkerProcess(stack);
      const done = await waitForEnd(stack.runtime, request.id, 120_000);

      assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
      assert.equal((await backupJobsOf(stack.runtime, "web-01")).length, 1, "exactly one Azure backup job");
      assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
    });
  }
});
