/**
 * The BackupGateway contract, driven against the ARM emulator over HTTPS through the official SDK: every
 * port operation, the ad-hoc cycle of procedure.md, the 18-point limit, GC, the policy's own schedule,
 * throttling and input that must never reach Azure. Virtual time is moved with the emulator's admin API.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { ProtectedVm } from "../../src/commands/ports/backup-gateway.ts";
import { startTestEmulator, type TestEmulator } from "../helpers/emulator.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A Monday; the seed's policy runs Wednesdays 10:00 Tokyo = Wednesday 01:00 UTC. */
const START = "2026-03-02T00:00:00.000Z";
const POLICY_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-kura-demo/providers/Microsoft.RecoveryServices/vaults/rsv-kura-demo/backupPolicies/weekly-wed";

let emu: TestEmulator;
before(async () => {
  emu = await startTestEmulator({ clock: { start: START } });
});
after(() => emu.close());
beforeEach(() => emu.admin.reset());

const now = async () => new Date((await emu.admin.clock()).now);
/** Snapshot (10 min) + transfer (30 min) with the emulator's default timings. */
const BACKUP_RUNTIME = 41 * MINUTE;

async function resume(vmName: string): Promise<ProtectedVm> {
  const gw = emu.gateway();
  const vm = await gw.resumeProtection(await gw.findVm(vmName), POLICY_ID);
  assert.equal(vm.protectionState, "Protected");
  return vm;
}

async function backupOnce(vm: ProtectedVm): Promise<string> {
  const gw = emu.gateway();
  const { jobId } = await gw.triggerBackup(vm, new Date((await now()).getTime() + 7 * DAY));
  await emu.admin.advance(BACKUP_RUNTIME);
  return jobId;
}

describe("BackupGateway contract (emulator)", () => {
  it("lists the protected VMs and finds one by name (any case) or ARM id", async () => {
    const gw = emu.gateway();
    const vms = await gw.listProtectedVms();
    assert.deepEqual(vms.map((v) => v.vmName).sort(), ["app-01", "batch-01", "db-01", "web-01", "web-02"]);
    assert.ok(vms.every((v) => v.protectionState === "ProtectionStopped"));
    const web = await gw.findVm("WEB-01");
    assert.equal(web.vmName, "web-01");
    assert.equal(web.policyName, "weekly-wed");
    assert.equal((await gw.findVm(web.vmId)).itemId, web.itemId);
    assert.equal((await gw.refreshVm(web)).protectionState, "ProtectionStopped");
  });

  it("reads the policy by name and by id: weekly Wednesday 10:00 Tokyo, 2 days of instant points", async () => {
    const gw = emu.gateway();
    const byName = await gw.getPolicy(emu.vault, "weekly-wed");
    assert.deepEqual(byName.schedule, {
      frequency: "Weekly",
      days: ["Wednesday"],
      times: ["10:00"],
      windowsTimeZone: "Tokyo Standard Time",
      timeZone: "Asia/Tokyo",
    });
    assert.equal(byName.instantRpRetentionDays, 2);
    assert.equal((await gw.getPolicy(emu.vault, byName.id)).name, "weekly-wed");
    await assert.rejects(gw.getPolicy(emu.vault, "no-such-policy"), { code: "AZURE_NOT_FOUND" });
  });

  it("runs the whole ad-hoc cycle: stopped → resume → trigger → job completes → stop, points retained", async () => {
    const gw = emu.gateway();
    const vm = await gw.findVm("web-01");
    const before = await gw.countInstantRestorePoints(vm);
    assert.equal(before, (await emu.admin.item("web-01")).instantRpCount);

    const resumed = await gw.resumeProtection(vm, POLICY_ID);
    assert.equal(resumed.protectionState, "Protected");

    const accepted: string[] = [];
    const expiry = new Date((await now()).getTime() + 7 * DAY);
    const { operationId, jobId } = await gw.triggerBackup(resumed, expiry, {
      onAccepted: (op) => void accepted.push(op),
    });
    assert.deepEqual(accepted, [operationId]);
    assert.equal(await gw.jobIdForOperation(emu.vault, operationId), jobId);

    const running = await gw.getJob(emu.vault, jobId);
    assert.equal(running.status, "InProgress");
    assert.equal(running.operation, "Backup");
    assert.equal(running.isUserTriggered, true);
    assert.equal(running.vmName, "web-01");
    assert.deepEqual(
      running.tasks.map((t) => [t.name, t.status]),
      [
        ["Take Snapshot", "InProgress"],
        ["Transfer data to vault", "NotStarted"],
      ],
    );

    await emu.admin.advance(11 * MINUTE);
    const transferring = await gw.getJob(emu.vault, jobId);
    assert.deepEqual(
      transferring.tasks.map((t) => t.status),
      ["Completed", "InProgress"],
    );
    assert.equal(
      await gw.countInstantRestorePoints(vm),
      before + 1,
      "the snapshot is usable after Take Snapshot",
    );

    await emu.admin.advance(30 * MINUTE);
    const done = await gw.getJob(emu.vault, jobId);
    assert.equal(done.status, "Completed");
    assert.ok(done.endTime);
    assert.deepEqual(done.errors, []);

    const jobs = await gw.listJobs(emu.vault, { since: new Date(START) });
    assert.ok(jobs.some((j) => j.id === jobId && j.status === "Completed"));
    assert.ok(jobs.some((j) => j.operation === "ConfigureBackup" && j.vmName === "web-01"));
    const backups = await gw.listJobs(emu.vault, {
      since: new Date(START),
      operation: "Backup",
      status: "Completed",
    });
    assert.deepEqual(
      backups.map((j) => j.id),
      [jobId],
    );

    const points = await gw.listRecoveryPoints(vm);
    const newest = points.at(-1);
    assert.ok(newest);
    assert.ok(newest.tiers.some((t) => t.type === "InstantRP" && t.status === "Valid"));
    assert.ok(newest.tiers.some((t) => t.type === "HardenedRP" && t.status === "Valid"));
    assert.equal(newest.expiry?.getTime(), expiry.getTime());

    const stopped = await gw.stopProtectionRetainData(resumed);
    assert.equal(stopped.protectionState, "ProtectionStopped");
    assert.equal((await gw.listRecoveryPoints(vm)).length, points.length, "stop retains every point");
    assert.equal(await gw.countInstantRestorePoints(vm), before + 1);
  });

  it("a trigger interrupted after onAccepted is recovered with jobIdForOperation", async () => {
    const gw = emu.gateway();
    const vm = await resume("web-02");
    await emu.admin.behaviour({ triggerOperationMs: 60_000 });
    try {
      const ac = new AbortController();
      let operationId = "";
      await assert.rejects(
        gw.triggerBackup(vm, new Date((await now()).getTime() + DAY), {
          signal: ac.signal,
          onAccepted: (op) => {
            operationId = op;
            ac.abort(); // the process "crashes" right after the checkpoint
          },
        }),
        { code: "ABORTED" },
      );
      assert.ok(operationId);
      assert.equal(await gw.jobIdForOperation(emu.vault, operationId), undefined, "still being accepted");
      await emu.admin.advance(2 * MINUTE);
      const jobId = await gw.jobIdForOperation(emu.vault, operationId);
      assert.ok(jobId);
      assert.equal((await gw.getJob(emu.vault, jobId)).vmName, "web-02");
    } finally {
      await emu.admin.behaviour({ triggerOperationMs: 100 });
    }
  });

  it("the 18-point limit fails the backup job with UserErrorRpCollectionLimitReached", async () => {
    const gw = emu.gateway();
    const vm = await resume("db-01");
    const start = await gw.countInstantRestorePoints(vm);
    assert.ok(start >= 16, `seed: db-01 is near the limit (${start})`);
    for (let n = start; n < 18; n++) {
      const job = await gw.getJob(emu.vault, await backupOnce(vm));
      assert.equal(job.status, "Completed");
    }
    assert.equal(await gw.countInstantRestorePoints(vm), 18);

    const failedId = await backupOnce(vm);
    const failed = await gw.getJob(emu.vault, failedId);
    assert.equal(failed.status, "Failed");
    assert.equal(failed.errors[0]?.code, "UserErrorRpCollectionLimitReached");
    assert.match(failed.errors[0]?.message ?? "", /Restore Point collection max limit/);
    assert.ok((failed.errors[0]?.recommendations.length ?? 0) > 0);
    assert.equal(failed.tasks[0]?.status, "Failed");
    assert.equal(await gw.countInstantRestorePoints(vm), 18);
  });

  it("GC shrinks the collection only after protection has been active", async () => {
    const gw = emu.gateway();
    const vm = await gw.findVm("db-01");
    const start = await gw.countInstantRestorePoints(vm);
    await emu.admin.advance(2 * DAY);
    assert.equal(await gw.countInstantRestorePoints(vm), start, "no GC while protection is stopped");

    await resume("db-01");
    assert.equal(await gw.countInstantRestorePoints(vm), start, "GC does not run at once");
    await emu.admin.advance(DAY);
    const after = await gw.countInstantRestorePoints(vm);
    assert.ok(after < start, `GC ran within 24 h of protection (${start} → ${after})`);
    const points = await gw.listRecoveryPoints(vm);
    assert.ok(points.some((p) => p.tiers.some((t) => t.type === "InstantRP" && t.status === "Deleted")));
  });

  it("scheduled backups fire on the policy's day only while protected", async () => {
    const gw = emu.gateway();
    await resume("web-02");
    // Monday 00:00 → Tuesday 23:00 UTC: no run yet.
    await emu.admin.advance(47 * HOUR);
    const early = await gw.listJobs(emu.vault, { since: new Date(START), operation: "Backup" });
    assert.deepEqual(early, []);
    // Wednesday 01:00 UTC = 10:00 Tokyo.
    await emu.admin.advance(3 * HOUR);
    const jobs = await gw.listJobs(emu.vault, { since: new Date(START), operation: "Backup" });
    const scheduled = jobs.filter((j) => !j.isUserTriggered);
    assert.deepEqual(
      scheduled.map((j) => j.vmName),
      ["web-02"],
      "only the protected VM is backed up",
    );
    assert.equal(scheduled[0]?.startTime?.toISOString(), "2026-03-04T01:00:00.000Z");
  });

  it("cancels a running job", async () => {
    const gw = emu.gateway();
    const vm = await resume("app-01");
    const { jobId } = await gw.triggerBackup(vm, new Date((await now()).getTime() + DAY));
    assert.equal((await gw.getJob(emu.vault, jobId)).cancellable, true);
    await gw.cancelJob(emu.vault, jobId);
    await emu.admin.advance(MINUTE);
    assert.equal((await gw.getJob(emu.vault, jobId)).status, "Cancelled");
  });

  it("maps synchronous refusals: trigger on a stopped item, a second protection change", async () => {
    const gw = emu.gateway();
    const vm = await gw.findVm("batch-01");
    await assert.rejects(
      gw.triggerBackup(vm, new Date((await now()).getTime() + DAY)),
      (err: { code?: string }) => {
        assert.ok(err.code === "AZURE_INVALID_INPUT" || err.code === "AZURE_CONFLICT", String(err.code));
        return true;
      },
    );
    const slow = emu.gateway();
    await emu.admin.behaviour({ protectionOperationMs: 5_000 });
    try {
      const pending = slow.resumeProtection(vm, POLICY_ID);
      await new Promise((r) => setTimeout(r, 200));
      await assert.rejects(slow.stopProtectionRetainData(vm), { code: "AZURE_CONFLICT" });
      await emu.admin.advance(10_000);
      assert.equal((await pending).protectionState, "Protected");
    } finally {
      await emu.admin.behaviour({ protectionOperationMs: 300 });
    }
  });

  it("follows nextLink paging for items and jobs", async () => {
    const gw = emu.gateway();
    await emu.admin.behaviour({ pageSize: 2 });
    try {
      assert.equal((await gw.listProtectedVms()).length, 5);
      for (const vm of ["web-01", "web-02", "app-01"]) await resume(vm);
      const jobs = await gw.listJobs(emu.vault, { since: new Date(START), operation: "ConfigureBackup" });
      assert.equal(jobs.length, 3);
    } finally {
      await emu.admin.behaviour({ pageSize: 200 });
    }
  });

  it("a job failed by Azure carries the mnemonic, message and recommendations", async () => {
    const gw = emu.gateway();
    const vm = await resume("app-01");
    await emu.admin.faults({
      failNextBackup: { vmName: "app-01", code: "UserErrorGuestAgentStatusUnavailable" },
    });
    const job = await gw.getJob(emu.vault, await backupOnce(vm));
    assert.equal(job.status, "Failed");
    assert.equal(job.errors[0]?.code, "UserErrorGuestAgentStatusUnavailable");
    assert.match(job.errors[0]?.message ?? "", /VM Agent/);
    const failed = await gw.listJobs(emu.vault, { since: new Date(START), status: "Failed" });
    assert.deepEqual(
      failed.map((j) => j.id),
      [job.id],
    );
  });

  it("not found: unknown VM, job and operation", async () => {
    const gw = emu.gateway();
    await assert.rejects(gw.findVm("no-such-vm"), { code: "AZURE_NOT_FOUND" });
    await assert.rejects(gw.getJob(emu.vault, "00000000-0000-0000-0000-00000000abcd"), {
      code: "AZURE_NOT_FOUND",
    });
    await assert.rejects(gw.jobIdForOperation(emu.vault, "00000000-0000-0000-0000-00000000abcd"), {
      code: "AZURE_NOT_FOUND",
    });
  });

  it("invalid names are never sent to Azure", async () => {
    const gw = emu.gateway();
    const before = (await emu.admin.stats()).total;
    for (const name of [
      "web'01",
      "a/b",
      "x\u0000",
      "x".repeat(65),
      "web-🙂",
      "..",
      "",
      "web-01' or '1' eq '1",
    ]) {
      await assert.rejects(gw.findVm(name), { code: "INVALID_VM_NAME" });
    }
    assert.equal((await emu.admin.stats()).total, before);
  });

  it("concurrent VM lookups share one listing of the vault", async () => {
    const gw = emu.gateway({ sharedReadsMs: 5_000 });
    const lists = async () => (await emu.admin.stats()).byOperation.BackupProtectedItems_List ?? 0;
    const before = await lists();
    const names = ["web-01", "web-02", "db-01", "app-01", "batch-01"];
    const found = await Promise.all([...names, ...names, ...names].map((name) => gw.findVm(name)));
    assert.deepEqual(
      found.slice(0, 5).map((vm) => vm.vmName),
      names,
    );
    assert.equal((await lists()) - before, 1);
  });

  it("throttling: a long Retry-After surfaces at once as AZURE_THROTTLED with retryAfterMs", async () => {
    const gw = emu.gateway();
    await emu.admin.behaviour({ throttle: { readBucket: 1, readRefillPerSecond: 0.01 } });
    try {
      await gw.listProtectedVms(); // takes the only token
      const throttledBefore = (await emu.admin.stats()).throttled;
      await assert.rejects(gw.listProtectedVms(), (err: { code?: string; retryAfterMs?: number }) => {
        assert.equal(err.code, "AZURE_THROTTLED");
        assert.ok((err.retryAfterMs ?? 0) >= 60_000, String(err.retryAfterMs));
        return true;
      });
      // No stalling inside the SDK: one 429 was answered and nothing was retried against it.
      assert.equal((await emu.admin.stats()).throttled - throttledBefore, 1);
    } finally {
      await emu.admin.behaviour({ throttle: { readBucket: 250, readRefillPerSecond: 25 } });
    }
  });

  it("throttling: a 429 storm with short Retry-After is retried a bounded number of times", async () => {
    const gw = emu.gateway();
    await emu.admin.faults({ rate429: 1 });
    const before = (await emu.admin.stats()).total;
    await assert.rejects(gw.getPolicy(emu.vault, "weekly-wed"), {
      code: "AZURE_THROTTLED",
      retryAfterMs: 1_000,
    });
    assert.equal((await emu.admin.stats()).total - before, 3, "first attempt + 2 retries");
  });

  it("an aborted call ends with ABORTED", async () => {
    const gw = emu.gateway();
    await emu.admin.faults({ latencyMs: 2_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(gw.listProtectedVms({ signal: ac.signal }), { code: "ABORTED" });
  });
});
