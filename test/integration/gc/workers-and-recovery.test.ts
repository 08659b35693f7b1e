/**
 * Several worker processes, a window missed while kura was down, and the start-up check of the
 * window against the policies, on the emulator and real Redis.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { createRuntime } from "../../../src/compose/runtime.ts";
import { startWorkerRole } from "../../../src/compose/worker-role.ts";
import { ConfigError, loadConfig } from "../../../src/config.ts";
import { createLogger } from "../../../src/log.ts";
import { waitFor } from "../../helpers/lifecycle.ts";
import { ALL_VMS, eventsOf, finalSummaries, recoveryDone, startGcStack, statesOf } from "./gc-helpers.ts";

const SATURDAY_NOON = "2026-11-28T03:00:00.000Z";
const log = createLogger({ level: "warn", name: "kura-test" });

describe("GC window with several workers, after downtime, and at start-up", () => {
  it("two worker processes: each firing runs one pass, each VM is resumed once, each event is published once", async (t) => {
    const stack = await startGcStack(t, { start: "2026-11-27T15:00:30.000Z" }); // Saturday 00:00:30 Tokyo
    // A second process: its own runtime (connections, gateway), same configuration and Redis.
    const other = await createRuntime(loadConfig(stack.env), { clock: stack.clock });
    const otherWorker = await startWorkerRole(other, log, { withNotificationLog: false });
    t.after(async () => {
      await otherWorker.close();
      await other.close();
    });
    await stack.startWorker();
    await recoveryDone(stack, 2); // both started; the window is open, so one of them opened it
    await stack.maintenance.add("gc-open", {}, { jobId: "late-duplicate-a" });
    await stack.maintenance.add("gc-open", {}, { jobId: "late-duplicate-b" });
    const results = [await stack.runNow("late-duplicate-a"), await stack.runNow("late-duplicate-b")];
    assert.deepEqual(results, [
      { kind: "skipped", reason: "done" },
      { kind: "skipped", reason: "done" },
    ]);

    assert.deepEqual(
      Object.values(await statesOf(stack)),
      ALL_VMS.map(() => "Protected"),
    );
    const world = await stack.admin.get<{ vaults: { jobs: { vmName: string; operation: string }[] }[] }>(
      "state",
    );
    for (const vm of ALL_VMS) {
      const resumes = world.vaults[0]?.jobs.filter(
        (j) => j.vmName === vm && j.operation === "ConfigureBackup",
      );
      assert.equal(resumes?.length, 1, `${vm} resumed once`);
    }
    const progress = await eventsOf(stack.runtime, "gc-window-progress");
    assert.equal(new Set(progress.map((e) => e.id)).size, progress.length, "no event published twice");
    assert.deepEqual(
      (await finalSummaries(stack.runtime)).map((s) => [s.summaryId, s.reason, s.settled]),
      [["gc-open-2026-11-27T15:00:00.000Z", "recovered", 5]],
    );
  });

  it("a window that should be open while kura was down is opened at start-up, with its summary", async (t) => {
    const stack = await startGcStack(t, { start: SATURDAY_NOON });
    await stack.startWorker();
    const [recovery] = (await recoveryDone(stack)) as {
      pass?: { phase: string; result: { kind: string } };
    }[];
    assert.deepEqual([recovery?.pass?.phase, recovery?.pass?.result.kind], ["open", "done"]);
    assert.deepEqual(
      Object.values(await statesOf(stack)),
      ALL_VMS.map(() => "Protected"),
    );
    const [summary] = await finalSummaries(stack.runtime);
    assert.deepEqual(
      [summary?.phase, summary?.reason, summary?.settled, summary?.total],
      ["open", "recovered", 5, 5],
    );
  });

  it("started inside a window whose open pass has not run: the pass opens it, no drift is reported", async (t) => {
    const stack = await startGcStack(t, { start: SATURDAY_NOON });
    await stack.startWorker();
    await recoveryDone(stack);
    // The periodic reconcile fires at start-up too, racing the recovery's open pass.
    const reconciled = await waitFor("the start-up reconcile pass", async () => {
      const jobs = (await stack.maintenance.getJobs(["completed", "failed"])).filter(
        (j) => j.name === "reconcile",
      );
      return jobs.length > 0 ? jobs : undefined;
    });
    assert.equal(reconciled[0]?.failedReason, undefined);
    assert.deepEqual(
      Object.values(await statesOf(stack)),
      ALL_VMS.map(() => "Protected"),
    );
    assert.deepEqual(
      await eventsOf(stack.runtime, "drift-repaired"),
      [],
      "the window's opening is no repair",
    );
    const [summary] = await finalSummaries(stack.runtime);
    assert.deepEqual([summary?.phase, summary?.settled], ["open", 5]);
  });

  it("a window that closed while kura was down is closed at start-up", async (t) => {
    const stack = await startGcStack(t, { start: SATURDAY_NOON });
    const first = await stack.startWorker();
    await recoveryDone(stack);
    await first.close(); // kura goes down with the window open
    await stack.travelTo("2026-11-30T01:00:00.000Z"); // Monday 10:00 Tokyo: closed 10 h ago
    await stack.startWorker();
    await recoveryDone(stack, 2);
    assert.deepEqual(
      Object.values(await statesOf(stack)),
      ALL_VMS.map(() => "ProtectionStopped"),
    );
    const close = (await finalSummaries(stack.runtime)).find((s) => s.phase === "close");
    assert.deepEqual([close?.reason, close?.settled], ["recovered", 5]);
  });

  it("refuses to start when the window includes the policy's Wednesday run, naming the keys to change", async (t) => {
    const stack = await startGcStack(t, {
      start: "2026-11-26T03:00:00.000Z",
      env: { KURA_GC_OPEN_DAY: "Tuesday", KURA_GC_DURATION_HOURS: "48" },
    });
    await assert.rejects(stack.startWorker(), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /KURA_GC_OPEN_DAY/);
      assert.match(error.message, /includes the scheduled run on Wednesday 10:00/);
      return true;
    });
    // The same through the real entry point: the process exits 2 with the message.
    const child = spawn(process.execPath, ["src/main.ts", "worker"], {
      env: { ...process.env, ...stack.env, KURA_GC_OPEN_DAY: "Tuesday" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /KURA_GC_OPEN_DAY \/ KURA_GC_OPEN_TIME \/ KURA_GC_DURATION_HOURS/);
  });
});
