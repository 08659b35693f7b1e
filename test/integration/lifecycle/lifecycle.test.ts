import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderText } from "../../../src/commands/chat/render-message.ts";
import { requestView } from "../../../src/commands/chat/request-view.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import {
  auditActions,
  backupJobsOf,
  cancel,
  protectionOf,
  requestAndApprove,
  waitFor,
  waitForEnd,
} from "../../helpers/lifecycle.ts";

describe("ad-hoc backup lifecycle on the emulator and real Redis", () => {
  it("resumes, backs up once, stops protection and reports the recovery point", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");

    const request = await requestAndApprove(stack.runtime, "web-01", 7);
    const done = await waitForEnd(stack.runtime, request.id);

    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    assert.equal((await backupJobsOf(stack.runtime, "web-01")).length, 1);
    assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
    assert.ok(done.result?.recoveryPointTime, "the result names the recovery point");
    assert.equal(done.result?.restorePointLimit, 18);
    const expiry = Date.parse(done.result?.recoveryPointExpiry ?? "");
    const startedAt = Date.parse(done.startedAt ?? "");
    assert.ok(Math.abs(expiry - startedAt - 7 * 86_400_000) < 120_000, "expiry is 7 days after the backup");
    assert.deepEqual(await auditActions(stack.runtime, request.id), [
      "request.created",
      "request.approved",
      "azure.resume",
      "azure.trigger",
      "azure.stop",
    ]);
  });

  it("leaves protection alone while the weekly GC window is open", async (t) => {
    // Saturday 2026-11-28 12:00 Tokyo: inside the default Saturday–Monday window.
    const stack = await startKuraStack(t, { start: "2026-11-28T03:00:00.000Z" });
    const vm = await stack.runtime.gateway.findVm("web-02");
    const policy = await stack.runtime.gateway.getPolicy(vm.vault, vm.policyName ?? "weekly-wed");
    await stack.runtime.gateway.resumeProtection(vm, policy.id); // the window opened it
    await stack.startWorker();

    const request = await requestAndApprove(stack.runtime, "web-02");
    const done = await waitForEnd(stack.runtime, request.id);

    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    assert.equal(await protectionOf(stack.runtime, "web-02"), "Protected");
    const actions = await auditActions(stack.runtime, request.id);
    assert.ok(!actions.includes("azure.resume") && !actions.includes("azure.stop"), actions.join(","));
  });

  it("refuses a backup that would collide with the policy's Wednesday run, with the next safe time", async (t) => {
    // Wednesday 2026-11-25 09:30 Tokyo: 30 minutes before the scheduled 10:00 backup.
    const stack = await startKuraStack(t, { start: "2026-11-25T00:30:00.000Z" });
    await stack.startWorker();
    const request = await requestAndApprove(stack.runtime, "app-01");
    const done = await waitForEnd(stack.runtime, request.id);

    assert.equal(done.status, "failed");
    assert.equal(done.failure?.code, "SCHEDULE_COLLISION");
    assert.match(done.failure?.remedy ?? "", /after 2026-11-25T04:00:00/);
    assert.equal((await backupJobsOf(stack.runtime, "app-01")).length, 0);
    assert.equal(await protectionOf(stack.runtime, "app-01"), "ProtectionStopped");
  });

  it("warns near the 18-point limit and refuses at it, before touching protection", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    // db-01 holds 16 instant restore points in the seed; protection is stopped, so nothing is cleaned.
    const first = await waitForEnd(stack.runtime, (await requestAndApprove(stack.runtime, "db-01")).id);
    assert.equal(first.status, "succeeded", JSON.stringify(first.failure));
    assert.deepEqual(first.warnings?.[0], {
      code: "RP_LIMIT_NEAR",
      params: { vm: "db-01", count: 17, limit: 18 },
    });
    const second = await waitForEnd(stack.runtime, (await requestAndApprove(stack.runtime, "db-01")).id);
    assert.equal(second.status, "succeeded", JSON.stringify(second.failure));
    assert.equal(second.result?.instantRestorePoints, 18);

    const third = await waitForEnd(stack.runtime, (await requestAndApprove(stack.runtime, "db-01")).id);
    assert.equal(third.status, "failed");
    assert.equal(third.failure?.code, "RP_LIMIT_REACHED");
    assert.match(third.failure?.remedy ?? "", /emergency GC window/);
    assert.equal((await backupJobsOf(stack.runtime, "db-01")).length, 2);
    assert.deepEqual(await auditActions(stack.runtime, third.id), ["request.created", "request.approved"]);
  });

  it("a failed Azure job ends with protection stopped and Azure's error with a remedy", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    await stack.admin.post("faults", {
      failNextBackup: { vmName: "web-02", code: "UserErrorRpCollectionLimitReached" },
    });
    const request = await requestAndApprove(stack.runtime, "web-02");
    const done = await waitForEnd(stack.runtime, request.id);

    assert.equal(done.status, "failed");
    assert.equal(done.failure?.azureCode, "UserErrorRpCollectionLimitReached");
    assert.match(done.failure?.remedy ?? "", /emergency GC window/);
    assert.equal(await protectionOf(stack.runtime, "web-02"), "ProtectionStopped");

    // A Japanese reader's card says what failed and what to do in Japanese, Azure's code verbatim.
    const notes = requestView(done).notes.map((note) => renderText(note.text, "ja"));
    const failure = notes.find((text) => text.includes("UserErrorRpCollectionLimitReached"));
    assert.match(
      failure ?? "",
      /^Azure がバックアップを拒否しました。.*いっぱいです。 \(Azure: UserErrorRpCollectionLimitReached\)$/,
    );
    assert.ok(
      notes.some((text) => text.startsWith("対処方法: ") && text.includes("緊急 GC ウィンドウ")),
      notes.join("\n"),
    );
    assert.doesNotMatch(notes.join("\n"), /What to do|failed/);
  });

  it("cancelling a running request cancels the Azure job and stops protection", async (t) => {
    const stack = await startKuraStack(t, { env: {} });
    await stack.admin.put("behaviour", { snapshotMs: 20_000, transferMs: 20_000 });
    await stack.startWorker();
    const request = await requestAndApprove(stack.runtime, "batch-01");
    await waitFor("the Azure job to be watched", async () => {
      const current = await stack.runtime.journal.requests.get(request.id);
      return current?.progress?.azureJobId;
    });
    const asked = await cancel(stack.runtime, request.id);
    assert.ok(asked.ok);
    const done = await waitForEnd(stack.runtime, request.id);

    assert.equal(done.status, "cancelled");
    const [job] = await backupJobsOf(stack.runtime, "batch-01");
    assert.equal(job?.status, "Cancelled");
    assert.equal(await protectionOf(stack.runtime, "batch-01"), "ProtectionStopped");
  });

  it("two workers share the work and every lifecycle runs exactly once", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    await stack.startWorker();
    const vms = ["web-01", "web-02", "app-01", "batch-01"];
    const requests = await Promise.all(vms.map((vm) => requestAndApprove(stack.runtime, vm)));
    const done = await Promise.all(requests.map((r) => waitForEnd(stack.runtime, r.id)));

    assert.deepEqual(
      done.map((r) => r.status),
      vms.map(() => "succeeded"),
    );
    for (const vm of vms) {
      assert.equal((await backupJobsOf(stack.runtime, vm)).length, 1, vm);
      assert.equal(await protectionOf(stack.runtime, vm), "ProtectionStopped", vm);
    }
  });

  it("a second request for a busy VM waits behind the first", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    const first = await requestAndApprove(stack.runtime, "web-01");
    const second = await requestAndApprove(stack.runtime, "web-01");
    const [a, b] = await Promise.all([
      waitForEnd(stack.runtime, first.id),
      waitForEnd(stack.runtime, second.id),
    ]);

    assert.equal(a.status, "succeeded", JSON.stringify(a.failure));
    assert.equal(b.status, "succeeded", JSON.stringify(b.failure));
    // The lease covers the VM's protection changes and its backup, so the two Azure jobs never
    // overlap (which request goes first is up to the queue; the one ahead may still be writing its
    // report when the other starts).
    const jobs = (await backupJobsOf(stack.runtime, "web-01")).sort(
      (x, y) => (x.startTime?.getTime() ?? 0) - (y.startTime?.getTime() ?? 0),
    );
    assert.equal(jobs.length, 2);
    const [earlier, later] = jobs;
    assert.ok(
      (later?.startTime?.getTime() ?? 0) >= (earlier?.endTime?.getTime() ?? Number.POSITIVE_INFINITY),
      "the second backup started after the first ended",
    );
    assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
  });

  it("a 429 storm delays steps but never fails or duplicates a backup", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    const request = await requestAndApprove(stack.runtime, "app-01");
    await stack.admin.post("faults", { rate429: 0.4 });
    const done = await waitForEnd(stack.runtime, request.id, 120_000);
    await stack.admin.post("faults", { rate429: 0 });

    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    assert.equal((await backupJobsOf(stack.runtime, "app-01")).length, 1);
    assert.equal(await protectionOf(stack.runtime, "app-01"), "ProtectionStopped");
  });
});
