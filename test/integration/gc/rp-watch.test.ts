/**
 * The restore point watch and the failed-job check on the emulator and real Redis: a VM near the
 * limit is warned about with what to do, the forecast says when an ad-hoc rate fills it before GC,
 * a failed job nobody in kura started is reported once with its remedy, and VMs without a GC window
 * for too long are flagged.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { watchRestorePoints } from "../../../src/commands/rp-watch/check-restore-points.ts";
import { requestAndApprove, waitForEnd } from "../../helpers/lifecycle.ts";
import { recoveryDone, startGcStack } from "./gc-helpers.ts";

const THURSDAY = "2026-11-26T03:00:00.000Z";

describe("restore point watch", () => {
  it("warns about a VM near the limit, and forecasts the limit before GC at its ad-hoc rate", async (t) => {
    // The check after a backup waits for the test to run it (see rp-check-after-backup.test.ts).
    const stack = await startGcStack(t, { start: THURSDAY, overrides: { rpCheckDelayMs: 3_600_000 } });
    await stack.startWorker();
    await recoveryDone(stack);

    const daily = (await stack.fire("rp-watch")) as { checked: number; warned: string[] };
    assert.deepEqual([daily.checked, daily.warned], [5, ["db-01"]]);
    const [warning] = await stack.events("rp-warning");
    assert.equal(warning?.vmName, "db-01");
    assert.deepEqual([warning?.count, warning?.limit, warning?.level], [16, 18, "warn"]);
    assert.equal(warning?.advice, "wait-for-window", "expired points leave at the weekend's GC");
    assert.equal(warning?.nextWindowOpensAt, "2026-11-27T15:00:00.000Z");
    assert.match(warning?.remedy ?? "", /Wait for the GC window/);

    // An ad-hoc backup (17 points) also triggers a check of that VM.
    const request = await requestAndApprove(stack.runtime, "db-01");
    assert.equal((await waitForEnd(stack.runtime, request.id)).status, "succeeded");
    const afterBackup = (await stack.runRpCheck()).report;
    assert.deepEqual(afterBackup.warned, ["db-01"]);
    assert.ok((await stack.events("rp-warning")).some((w) => w.count === 17));

    // At one backup a day (measured over the last day), 18 comes before the weekend's GC can run.
    const deps = stack.runtime.gc.rpWatch;
    await watchRestorePoints(
      { ...deps, settings: { ...deps.settings, rateWindowDays: 1 } },
      { vmNames: ["db-01"] },
    );
    const forecast = (await stack.events("rp-warning")).find((w) => w.advice === "emergency-window");
    assert.ok(forecast, "a forecast warning");
    assert.ok(Date.parse(forecast.reachesLimitAt ?? "") < Date.parse(forecast.gcBy));
    assert.equal(forecast.advice, "emergency-window");
    assert.equal(forecast.action, "request-emergency-window");
    assert.match(forecast.remedy, /\/backup gc open db-01 48h/);
  });

  it("reports a failed job kura did not start, once, with its remedy and an emergency window to request", async (t) => {
    const stack = await startGcStack(t, { start: THURSDAY });
    await stack.startWorker();
    await recoveryDone(stack);
    await stack.fire("failed-jobs"); // sets the cursor; nothing failed yet

    // Someone backs batch-01 up from the portal, and Azure refuses: the collection is full.
    await stack.admin.post("faults", {
      failNextBackup: { vmName: "batch-01", code: "UserErrorRpCollectionLimitReached" },
    });
    const gateway = stack.runtime.gateway;
    const vm = await gateway.findVm("batch-01");
    const resumed = await gateway.resumeProtection(vm, (await gateway.getPolicy(vm.vault, "weekly-wed")).id);
    await gateway.triggerBackup(resumed, new Date(Date.parse(THURSDAY) + 7 * 86_400_000));
    await stack.travelTo(new Date(stack.clock.now().getTime() + 10 * 60_000).toISOString());

    const report = (await stack.fire("failed-jobs")) as { failed: { vmName: string; azureCode?: string }[] };
    assert.deepEqual(
      report.failed.map((f) => [f.vmName, f.azureCode]),
      [["batch-01", "UserErrorRpCollectionLimitReached"]],
    );
    await stack.fire("failed-jobs"); // found again (the query overlaps), reported once
    const events = await stack.events("azure-job-failed");
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event?.vmName, "batch-01");
    assert.equal(event?.isUserTriggered, true);
    assert.equal(event?.action, "request-emergency-window");
    assert.match(event?.remedy ?? "", /emergency GC window/);
  });

  it("flags VMs that have not had a whole GC window for more than the configured days", async (t) => {
    const stack = await startGcStack(t, { start: THURSDAY, env: { KURA_GC_OVERDUE_DAYS: "8" } });
    await stack.startWorker();
    await recoveryDone(stack);
    assert.deepEqual(((await stack.fire("rp-watch")) as { overdue: string[] }).overdue, []);
    await stack.travelTo("2026-12-05T04:00:00.000Z"); // nine days on; no window ran (no worker fired it)
    const later = (await stack.fire("rp-watch")) as { overdue: string[] };
    assert.deepEqual(later.overdue.sort(), ["app-01", "batch-01", "db-01", "web-01", "web-02"]);
    const [flag] = await stack.events("gc-window-overdue");
    assert.equal(flag?.days, 9);
    assert.match(flag?.remedy ?? "", /emergency window/);
  });
});
