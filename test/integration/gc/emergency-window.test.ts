/**
 * The emergency GC window, as a chat adapter drives it (`openEmergencyWindow`, then the approver's
 * button), on the emulator and real Redis: protection resumes now, GC cleans, and it stops again
 * when the window closes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideEmergencyWindow, openEmergencyWindow } from "../../../src/commands/gc/emergency-window.ts";
import type { Actor } from "../../../src/commands/ports/requests.ts";
import { reconcileProtection } from "../../../src/commands/reconcile/reconcile-protection.ts";
import { ALICE, BOB } from "../../helpers/lifecycle.ts";
import { recoveryDone, startGcStack, statesOf } from "./gc-helpers.ts";

const CAROL: Actor = { platform: "test", id: "U-carol", name: "carol" };
const conversation = { platform: "test", channelId: "C1" };

describe("emergency GC window", () => {
  it("asks, is approved once, resumes protection now, lets GC run and stops when it closes", async (t) => {
    const stack = await startGcStack(t, { start: "2026-11-26T03:00:00.000Z" }); // Thursday: weekly window closed
    await stack.startWorker();
    await recoveryDone(stack);
    const deps = {
      ...stack.runtime.gc.emergency,
      rules: { isApprover: () => true, allowSelfApproval: false },
    };

    const tooShort = await openEmergencyWindow(
      { vm: "db-01", hours: 12, requester: ALICE, conversation },
      deps,
    );
    assert.equal(tooShort.ok ? "" : tooShort.problem.code, "INVALID_WINDOW_HOURS");

    // 24 h, so it closes on Friday, before the weekly window opens (the default is 48 h).
    const asked = await openEmergencyWindow({ vm: "db-01", hours: 24, requester: ALICE, conversation }, deps);
    assert.ok(asked.ok, JSON.stringify(asked));
    assert.deepEqual([asked.value.status, asked.value.hours], ["pending", 24]);
    assert.equal((await statesOf(stack))["db-01"], "ProtectionStopped", "nothing happens before approval");

    const self = await decideEmergencyWindow(asked.value.id, ALICE, { approve: true }, deps);
    assert.equal(self.ok ? "" : self.problem.code, "SELF_APPROVAL");
    const decisions = await Promise.all([
      decideEmergencyWindow(asked.value.id, BOB, { approve: true }, deps),
      decideEmergencyWindow(asked.value.id, CAROL, { approve: true }, deps),
    ]);
    assert.equal(decisions.filter((d) => d.ok).length, 1, "two approvers at once: one decision");
    const approved = decisions.find((d) => d.ok);
    assert.ok(approved?.ok);
    const { opensAt, closesAt } = approved.value;
    assert.equal(Date.parse(closesAt ?? "") - Date.parse(opensAt ?? ""), 24 * 3_600_000);

    await stack.runNow(`emergency-open-${asked.value.id}`);
    assert.equal((await statesOf(stack))["db-01"], "Protected");
    const report = await reconcileProtection(stack.runtime.reconcile);
    assert.equal(report.repaired.length, 0, "the reconciler keeps it on: the window is desired state");

    await stack.travelTo(new Date(Date.parse(approved.value.closesAt ?? "") + 60_000).toISOString());
    const item = await stack.admin.get<{
      vaults: { items: { vmName: string; instantRpCount: number; gcRuns: number }[] }[];
    }>("state");
    const db = item.vaults[0]?.items.find((i) => i.vmName === "db-01");
    assert.ok((db?.gcRuns ?? 0) >= 1 && (db?.instantRpCount ?? 99) < 16, JSON.stringify(db));

    await stack.runNow(`emergency-close-${asked.value.id}`);
    assert.equal((await statesOf(stack))["db-01"], "ProtectionStopped");
    assert.equal((await stack.runtime.gc.emergencyStore.get(asked.value.id))?.status, "closed");
    const statuses = (await stack.events("emergency-window")).map((e) => e.status);
    assert.deepEqual(statuses, ["requested", "approved", "opened", "closed"]);
    const full = await stack.runtime.gc.state.lastFullWindow(
      "00000000-0000-0000-0000-000000000001/rg-kura-demo/rsv-kura-demo/db-01",
    );
    assert.ok(full, "a 24 h emergency window counts as a full GC window");
  });
});
