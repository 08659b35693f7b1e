import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reconcileProtection } from "../../../src/commands/reconcile/reconcile-protection.ts";
import type { Runtime } from "../../../src/compose/runtime.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { protectionOf } from "../../helpers/lifecycle.ts";

function reconcile(runtime: Runtime) {
  return reconcileProtection(runtime.reconcile);
}

describe("the reconciler repairs protection drift", () => {
  it("stops protection left on outside any window, and records the repair", async (t) => {
    const stack = await startKuraStack(t); // Thursday: the weekly GC window is closed
    const vm = await stack.runtime.gateway.findVm("web-01");
    const policy = await stack.runtime.gateway.getPolicy(vm.vault, vm.policyName ?? "weekly-wed");
    await stack.runtime.gateway.resumeProtection(vm, policy.id); // someone turned it on by hand

    const report = await reconcile(stack.runtime);

    assert.deepEqual(
      report.repaired.map((r) => [r.vmName, r.to]),
      [["web-01", "ProtectionStopped"]],
    );
    assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
    const [entry] = await stack.runtime.audit.read({ count: 1 });
    assert.equal(entry?.action, "drift.repaired");
    assert.equal(entry?.vmName, "web-01");
    assert.equal((await reconcile(stack.runtime)).repaired.length, 0, "a second pass finds nothing to do");
  });

  it("opens protection for every managed VM when the GC window should be open (a window missed while down)", async (t) => {
    const stack = await startKuraStack(t, { start: "2026-11-28T03:00:00.000Z" }); // Saturday noon, Tokyo
    const report = await reconcile(stack.runtime);

    assert.equal(report.failures.length, 0, JSON.stringify(report.failures));
    assert.equal(report.repaired.length, 5);
    for (const name of ["web-01", "web-02", "db-01", "app-01", "batch-01"]) {
      assert.equal(await protectionOf(stack.runtime, name), "Protected", name);
    }
  });
});
