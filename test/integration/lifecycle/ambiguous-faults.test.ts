/**
 * Lifecycles through the ambiguous faults a real client meets: a write that took effect and still
 * answered 500, 503 (Retry-After) or a connection cut mid-response. Whatever fails in between, every
 * lifecycle ends once, with one backup, protection settled, and every Azure write in the emulator's
 * record matching exactly one audit entry.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KuraStack } from "../../helpers/kura-stack.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { backupJobsOf, protectionOf, requestAndApprove, waitForEnd } from "../../helpers/lifecycle.ts";

/** The emulator's record: one job per write that took effect (ConfigureBackup, DisableBackup, Backup). */
const WRITE_OF: Record<string, string> = {
  ConfigureBackup: "azure.resume",
  DisableBackup: "azure.stop",
  Backup: "azure.trigger",
};

interface StateJob {
  vmName: string;
  operation: string;
  isUserTriggered: boolean;
}

/** Azure's writes per VM and action, from the emulator, and kura's audit entries for the same. */
async function writesAndAudit(stack: KuraStack, vms: string[]) {
  const state = await stack.admin.get<{ vaults: { jobs: StateJob[] }[] }>("state");
  const azure: string[] = [];
  for (const job of state.vaults.flatMap((v) => v.jobs)) {
    if (!vms.includes(job.vmName)) continue;
    if (job.operation === "Backup" && !job.isUserTriggered) continue; // a scheduled run, not kura's
    const action = WRITE_OF[job.operation];
    if (action) azure.push(`${job.vmName} ${action}`);
  }
  const audit = (await stack.runtime.audit.read({ count: 1000 }))
    .filter((e) => e.action.startsWith("azure.") && vms.includes(e.vmName ?? ""))
    .map((e) => `${e.vmName} ${e.action}`);
  return { azure: azure.sort(), audit: audit.sort() };
}

describe("lifecycles through ambiguous Azure faults", () => {
  it("a resume, a trigger and a stop that each took effect but answered with a fault: audited once each", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    for (const afterWrite of [
      { fault: "500", operation: "ProtectedItems_CreateOrUpdate" }, // the resume
      { fault: "reset", operation: "Backups_Trigger" },
    ]) {
      await stack.admin.post("faults", { afterWrite });
    }
    const request = await requestAndApprove(stack.runtime, "web-01");
    // The stop: armed once the resume's fault is used up.
    for (;;) {
      const faults = await stack.admin.get<{ afterWrite: unknown[] }>("faults");
      if (faults.afterWrite.length < 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await stack.admin.post("faults", {
      afterWrite: { fault: "503", operation: "ProtectedItems_CreateOrUpdate" },
    });
    const done = await waitForEnd(stack.runtime, request.id, 120_000);

    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    assert.equal((await stack.admin.get<{ faults: number }>("stats")).faults, 3, "three writes were hit");
    assert.equal((await backupJobsOf(stack.runtime, "web-01")).length, 1, "exactly one backup");
    assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
    const { azure, audit } = await writesAndAudit(stack, ["web-01"]);
    assert.deepEqual(azure, ["web-01 azure.resume", "web-01 azure.stop", "web-01 azure.trigger"]);
    assert.deepEqual(audit, azure, "every Azure write has exactly one audit entry");
  });

  it("a storm of ambiguous faults on two workers: every write audited exactly once, nothing doubled", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    await stack.startWorker();
    const vms = ["web-02", "app-01", "batch-01", "db-01"];
    await stack.admin.post("faults", { rateAfterWrite: 0.5, rate503: 0.05, rate5xx: 0.03, seed: 13 });
    const requests = await Promise.all(vms.map((vm) => requestAndApprove(stack.runtime, vm)));
    const done = await Promise.all(requests.map((r) => waitForEnd(stack.runtime, r.id, 240_000)));
    await stack.admin.post("faults", { rateAfterWrite: 0, rate503: 0, rate5xx: 0 });
    const stats = await stack.admin.get<{ faults: number }>("stats");

    assert.ok(stats.faults > 0, "faults were injected");
    for (const [i, vm] of vms.entries()) {
      assert.equal(done[i]?.status, "succeeded", `${vm}: ${JSON.stringify(done[i]?.failure)}`);
      assert.equal((await backupJobsOf(stack.runtime, vm)).length, 1, vm);
      assert.equal(await protectionOf(stack.runtime, vm), "ProtectionStopped", vm);
    }
    const { azure, audit } = await writesAndAudit(stack, vms);
    assert.equal(azure.length, vms.length * 3);
    assert.deepEqual(audit, azure, "every Azure write has exactly one audit entry");
  });
});
