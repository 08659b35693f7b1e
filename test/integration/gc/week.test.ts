/**
 * A whole week of the GC window on the emulator and real Redis, with kura's and Azure's clocks moved
 * together: the Friday reminder, Saturday's opening (GC then shrinks the restore point collections),
 * Monday's closing, an ad-hoc backup midweek, and Wednesday's scheduled run never happening because
 * protection is off.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requestAndApprove, waitForEnd } from "../../helpers/lifecycle.ts";
import { ALL_VMS, finalSummaries, recoveryDone, startGcStack, statesOf } from "./gc-helpers.ts";

const THURSDAY = "2026-11-26T03:00:00.000Z"; // 12:00 Tokyo
const FRIDAY_1700 = "2026-11-27T08:00:00.000Z";
const SATURDAY_0001 = "2026-11-27T15:01:00.000Z";
const MONDAY_0001 = "2026-11-29T15:01:00.000Z";
const TUESDAY_NOON = "2026-12-01T03:00:00.000Z";
const WEDNESDAY_1600 = "2026-12-02T07:00:00.000Z";

describe("the weekly GC window", () => {
  it("reminds, opens, lets GC clean, closes, and keeps the Wednesday run from happening", async (t) => {
    const stack = await startGcStack(t, { start: THURSDAY });
    await stack.startWorker();
    await recoveryDone(stack);
    const before = await stack.admin.get<{
      vaults: { items: { vmName: string; instantRpCount: number }[] }[];
    }>("state");
    const dbBefore = before.vaults[0]?.items.find((i) => i.vmName === "db-01")?.instantRpCount ?? 0;
    assert.equal(dbBefore, 16);

    await stack.travelTo(FRIDAY_1700);
    await stack.fire("gc-reminder");
    const [reminder] = await stack.events("gc-window-reminder");
    assert.equal(reminder?.opensAt, "2026-11-27T15:00:00.000Z", "Saturday 00:00 Tokyo");
    assert.equal(reminder?.closesAt, "2026-11-29T15:00:00.000Z", "Monday 00:00 Tokyo");
    assert.equal(reminder?.managedVms, 5);

    await stack.travelTo(SATURDAY_0001);
    const opened = (await stack.fire("gc-open")) as { kind: string; settled: number; total: number };
    assert.deepEqual([opened.kind, opened.settled, opened.total], ["done", 5, 5]);
    assert.deepEqual(
      Object.values(await statesOf(stack)),
      ALL_VMS.map(() => "Protected"),
    );

    // GC runs some time within 24 h of protection resuming (6 h in the emulator).
    await stack.travelTo("2026-11-28T00:00:00.000Z");
    const after = await stack.admin.get<{
      vaults: { items: { vmName: string; instantRpCount: number; gcRuns: number }[] }[];
    }>("state");
    const db = after.vaults[0]?.items.find((i) => i.vmName === "db-01");
    assert.ok((db?.gcRuns ?? 0) >= 1, "GC ran while the window was open");
    assert.ok((db?.instantRpCount ?? 99) < dbBefore, `GC shrank db-01's collection (${db?.instantRpCount})`);

    await stack.travelTo(MONDAY_0001);
    const closed = (await stack.fire("gc-close")) as { kind: string; settled: number };
    assert.deepEqual([closed.kind, closed.settled], ["done", 5]);
    assert.deepEqual(
      Object.values(await statesOf(stack)),
      ALL_VMS.map(() => "ProtectionStopped"),
    );

    const summaries = await finalSummaries(stack.runtime);
    assert.deepEqual(
      summaries.map((s) => [s.summaryId, s.settled, s.total, s.failures.length]),
      [
        ["gc-open-2026-11-27T15:00:00.000Z", 5, 5, 0],
        ["gc-close-2026-11-27T15:00:00.000Z", 5, 5, 0],
      ],
      "one final summary per window and phase",
    );
    const full = await stack.runtime.gc.state.lastFullWindow(
      "00000000-0000-0000-0000-000000000001/rg-kura-demo/rsv-kura-demo/web-01",
    );
    assert.equal(full?.toISOString(), "2026-11-29T15:00:00.000Z", "web-01 had a whole window");

    await stack.travelTo(TUESDAY_NOON);
    const request = await requestAndApprove(stack.runtime, "web-01");
    const done = await waitForEnd(stack.runtime, request.id);
    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    assert.equal((await statesOf(stack))["web-01"], "ProtectionStopped");

    await stack.travelTo(WEDNESDAY_1600);
    const world = await stack.admin.get<{
      vaults: { jobs: { operation: string; isUserTriggered: boolean }[] }[];
    }>("state");
    const scheduled =
      world.vaults[0]?.jobs.filter((j) => j.operation === "Backup" && !j.isUserTriggered) ?? [];
    assert.equal(scheduled.length, 0, "no scheduled backup ran: protection was off on Wednesday");
  });
});
