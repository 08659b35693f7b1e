/**
 * The restore point check after backups on the emulator, real BullMQ and real Redis: one run per
 * vault covers every VM backed up there since the last run (one listing of the vault's items and one
 * of its jobs), a VM asked for while a run checks the vault is checked by the next run, a run that
 * fails keeps its VMs waiting, and a job queued by an older kura (a VM name only) still runs.
 * The check's delay is an hour here, so the test decides when it runs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VaultRef } from "../../../src/commands/ports/backup-gateway.ts";
import { requestAndApprove, waitFor, waitForEnd } from "../../helpers/lifecycle.ts";
import { type GcStack, recoveryDone, startGcStack } from "./gc-helpers.ts";

const THURSDAY = "2026-11-26T03:00:00.000Z";
const AN_HOUR = 3_600_000;

async function armCalls(stack: GcStack, operation: string): Promise<number> {
  const stats = await stack.admin.get<{ byOperation: Record<string, number> }>("stats");
  return stats.byOperation[operation] ?? 0;
}

async function rpCheckJobs(stack: GcStack): Promise<number> {
  return (await stack.maintenance.getJobs(["delayed", "waiting", "active"])).filter(
    (j) => j.name === "rp-check",
  ).length;
}

async function started(t: Parameters<typeof startGcStack>[0]): Promise<{ stack: GcStack; vault: VaultRef }> {
  const stack = await startGcStack(t, { start: THURSDAY, overrides: { rpCheckDelayMs: AN_HOUR } });
  await stack.startWorker();
  await recoveryDone(stack);
  return { stack, vault: (await stack.runtime.gateway.findVm("web-01")).vault };
}

describe("restore point check after backups", () => {
  it("checks several backups of a vault in one run, with one listing of its items and one of its jobs", async (t) => {
    const { stack, vault } = await started(t);
    const requests = await Promise.all(
      ["db-01", "web-01", "web-02"].map((vm) => requestAndApprove(stack.runtime, vm)),
    );
    for (const request of requests) {
      assert.equal((await waitForEnd(stack.runtime, request.id)).status, "succeeded");
    }
    assert.equal(await rpCheckJobs(stack), 1, "one check waits for the three backups");
    const before = {
      items: await armCalls(stack, "BackupProtectedItems_List"),
      jobs: await armCalls(stack, "BackupJobs_List"),
    };

    const { report, data } = await stack.runRpCheck();
    assert.deepEqual(data, { vault: { ...vault } });
    assert.equal(report.checked, 3);
    assert.deepEqual(report.warned, ["db-01"], "db-01 reached 17 of 18 points with its backup");
    const [warning] = (await stack.events("rp-warning")).filter((w) => w.count === 17);
    assert.equal(warning?.vmName, "db-01");
    // At most one of each (none when the lifecycles' listing from the last seconds is still shared).
    assert.ok((await armCalls(stack, "BackupProtectedItems_List")) - before.items <= 1);
    assert.ok((await armCalls(stack, "BackupJobs_List")) - before.jobs <= 1);
    assert.deepEqual(await stack.runtime.gc.jobs.backlog.pending(vault), []);
    assert.equal(await rpCheckJobs(stack), 0);
  });

  it("checks a VM asked for while a run checks its vault, in the next run", async (t) => {
    const { stack, vault } = await started(t);
    const jobs = stack.runtime.gc.jobs;
    // The run's read of web-01's points is held, so web-02 and web-01's next backup come while it runs.
    await stack.admin.post("faults", { holdResponse: { operation: "RecoveryPoints_List", ms: 3_000 } });
    await jobs.checkRestorePoints({ vmName: "web-01", vault }, "req-1");
    const reads = await armCalls(stack, "RecoveryPoints_List");
    const first = stack.runRpCheck();
    await waitFor("the run to read web-01's points", async () =>
      (await armCalls(stack, "RecoveryPoints_List")) > reads ? true : undefined,
    );
    await jobs.checkRestorePoints({ vmName: "web-02", vault }, "req-2");
    await jobs.checkRestorePoints({ vmName: "web-01", vault }, "req-3");
    await stack.admin.post("faults", { holdResponse: { operation: "RecoveryPoints_List", ms: 0 } });
    assert.equal((await first).report.checked, 1, "the first run read the backlog before the others came");

    const next = await stack.runRpCheck();
    assert.equal(next.report.checked, 2, "web-02, and web-01 again for its newer backup");
    assert.deepEqual(await jobs.backlog.pending(vault), []);
  });

  it("keeps the VMs of a failed run waiting, and the retry checks them", async (t) => {
    const { stack, vault } = await started(t);
    const jobs = stack.runtime.gc.jobs;
    await stack.admin.post("faults", { rate5xx: 1 }); // Azure answers every request with a 500
    await jobs.checkRestorePoints({ vmName: "db-01", vault }, "req-1");
    const job = await waitFor("the rp-check job", async () =>
      (await stack.maintenance.getJobs(["delayed", "waiting"])).find((j) => j.name === "rp-check"),
    );
    await job.promote();
    await waitFor("the run to fail once", async () =>
      ((await stack.maintenance.getJob(job.id as string))?.attemptsMade ?? 0) >= 1 ? true : undefined,
    );
    assert.deepEqual(
      (await jobs.backlog.pending(vault)).map((p) => p.vmName),
      ["db-01"],
    );
    await stack.admin.post("faults", { rate5xx: 0 });
    const { report } = await stack.runRpCheck();
    assert.deepEqual(report.warned, ["db-01"]);
    assert.deepEqual(await jobs.backlog.pending(vault), []);
  });

  it("runs a check queued by an older kura, with a VM name and no vault", async (t) => {
    const { stack } = await started(t);
    await stack.maintenance.add("rp-check", { vmName: "db-01" }, { jobId: "rp-check-req-old" });
    const report = (await stack.runNow("rp-check-req-old")) as { checked: number; warned: string[] };
    assert.deepEqual([report.checked, report.warned], [1, ["db-01"]]);
  });
});
