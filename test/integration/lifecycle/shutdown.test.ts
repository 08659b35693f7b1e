/**
 * Graceful shutdown: a real worker process (`node src/main.ts worker`) gets SIGTERM in the middle of a
 * backup. It stops at its next checkpoint and exits within its grace; a second worker process finishes
 * the backup exactly once (one Azure backup job, protection stopped). The job's lock lasts a minute,
 * so only a handover — not a crash takeover — lets the second worker finish within the wait below.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Queue } from "bullmq";
import type { Checkpoint } from "../../../src/commands/lifecycle/checkpoint.ts";
import { startKuraProcess } from "../../helpers/kura-process.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import {
  backupJobsOf,
  protectionOf,
  requestAndApprove,
  waitFor,
  waitForEnd,
} from "../../helpers/lifecycle.ts";

const ENV = {
  KURA_SCHEDULE_MARGIN_BEFORE_MINUTES: "0",
  KURA_SCHEDULE_MARGIN_AFTER_MINUTES: "0",
  KURA_WORKER_LOCK_MS: "60000",
  KURA_SHUTDOWN_GRACE_SECONDS: "8",
  KURA_LOG_LEVEL: "info",
};
const SLOW_AZURE = {
  protectionOperationMs: 2_000,
  triggerOperationMs: 1_000,
  snapshotMs: 4_000,
  transferMs: 4_000,
};

const CASES = [
  { at: "watch (waiting on the Azure job)", step: "watch" },
  { at: "resume (Azure still working on the PUT)", step: "resume" },
];

describe("a worker stopped with SIGTERM mid-backup", () => {
  for (const { at, step } of CASES) {
    it(`at ${at} hands over at its next checkpoint and the backup happens exactly once`, async (t) => {
      const stack = await startKuraStack(t, { start: "now", env: ENV, behaviour: SLOW_AZURE });
      const queue = new Queue(stack.runtime.config.queues.lifecycle, {
        connection: stack.runtime.redis,
        prefix: `${stack.prefix}:bull`,
      });
      t.after(() => queue.close());
      const first = startKuraProcess(stack, "worker");
      await first.port();
      const request = await requestAndApprove(stack.runtime, "web-01");
      await waitFor(`the worker to reach ${step}`, async () => {
        const job = await queue.getJob(request.id);
        return (job?.data as { checkpoint?: Checkpoint } | undefined)?.checkpoint?.step === step
          ? true
          : undefined;
      });

      first.child.kill("SIGTERM");
      const code = await first.exited;
      assert.equal(code, 0, "a clean exit within the grace, not a forced one");
      const handover = first.lines.find((l) => l.decision === "handed-over");
      assert.ok(handover, "the worker says it handed the backup over");
      assert.equal(handover.requestId, request.id);
      assert.equal(handover.vmName, "web-01");

      startKuraProcess(stack, "worker");
      const done = await waitForEnd(stack.runtime, request.id, 45_000);
      assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
      assert.equal((await backupJobsOf(stack.runtime, "web-01")).length, 1, "exactly one Azure backup job");
      assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
    });
  }

  it("exits at once on a second signal", async (t) => {
    const stack = await startKuraStack(t, { start: "now", env: ENV, behaviour: SLOW_AZURE });
    // The trigger's reply is held, so the first signal's grace cannot end before the second one.
    await stack.admin.post("faults", { holdResponse: { operation: "Backups_Trigger", ms: 20_000 } });
    const worker = startKuraProcess(stack, "worker", { KURA_SHUTDOWN_GRACE_SECONDS: "60" });
    await worker.port();
    await requestAndApprove(stack.runtime, "web-01");
    await waitFor("the trigger to be sent", async () => {
      const stats = await stack.admin.get<{ byOperation: Record<string, number> }>("stats");
      return (stats.byOperation.Backups_Trigger ?? 0) >= 1 ? true : undefined;
    });
    worker.child.kill("SIGTERM");
    await waitFor("the stopping line", async () =>
      worker.lines.some((l) => l.signal === "SIGTERM") ? true : undefined,
    );
    // A repeat within a second counts as the same press (one Ctrl-C reaches kura several times).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    worker.child.kill("SIGTERM");
    assert.equal(await worker.exited, 143);
    assert.ok(worker.lines.some((l) => l.msg === "second signal: exiting now"));
  });
});
