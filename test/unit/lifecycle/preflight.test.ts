import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluatePreflight, type PreflightSettings } from "../../../src/commands/lifecycle/preflight.ts";
import type { BackupPolicy, ProtectedVm } from "../../../src/commands/ports/backup-gateway.ts";

const vm: ProtectedVm = {
  vmName: "web-01",
  vmId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-01",
  vault: { subscriptionId: "s", resourceGroup: "rg", name: "v" },
  itemId: "item",
  fabricName: "Azure",
  containerName: "c",
  itemName: "i",
  protectionState: "ProtectionStopped",
  policyId: "/p",
  policyName: "weekly-wed",
  lastBackupTime: undefined,
  lastBackupStatus: undefined,
};
const policy: BackupPolicy = {
  id: "/p",
  name: "weekly-wed",
  instantRpRetentionDays: 2,
  schedule: {
    frequency: "Weekly",
    days: ["Wednesday"],
    times: ["10:00"],
    windowsTimeZone: "Tokyo Standard Time",
    timeZone: "Asia/Tokyo",
  },
};
const settings: PreflightSettings = {
  rpLimit: 18,
  rpWarnThreshold: 15,
  scheduleMargin: { beforeMs: 2 * 3600_000, afterMs: 3 * 3600_000 },
  dailyOnDemandLimit: 3,
};
// Thursday 2026-11-26 12:00 Tokyo: far from Wednesday 10:00.
const thursday = new Date("2026-11-26T03:00:00Z");

describe("preflight", () => {
  it("allows a backup with headroom, away from the schedule, under quota", () => {
    const verdict = evaluatePreflight(
      { now: thursday, vm, policy, instantRestorePoints: 3, onDemandToday: 0 },
      settings,
    );
    assert.deepEqual(verdict, { refusals: [], warnings: [] });
  });

  it("refuses at the 18-point limit and warns when the backup reaches the threshold", () => {
    const full = evaluatePreflight(
      { now: thursday, vm, policy, instantRestorePoints: 18, onDemandToday: 0 },
      settings,
    );
    assert.deepEqual(
      full.refusals.map((r) => r.code),
      ["RP_LIMIT_REACHED"],
    );
    const near = evaluatePreflight(
      { now: thursday, vm, policy, instantRestorePoints: 14, onDemandToday: 0 },
      settings,
    );
    assert.deepEqual(near.refusals, []);
    assert.deepEqual(
      near.warnings.map((w) => [w.code, w.params.count]),
      [["RP_LIMIT_NEAR", 15]],
    );
  });

  it("refuses inside the scheduled run's margin and offers the next safe time", () => {
    const wednesday = new Date("2026-11-25T00:30:00Z"); // 09:30 Tokyo, 30 min before the 10:00 run
    const verdict = evaluatePreflight(
      { now: wednesday, vm, policy, instantRestorePoints: 0, onDemandToday: 0 },
      settings,
    );
    const refusal = verdict.refusals[0];
    assert.equal(refusal?.code, "SCHEDULE_COLLISION");
    assert.equal(refusal?.params.scheduledRun, "2026-11-25T01:00:00.000Z");
    assert.equal(refusal?.params.nextSafeTime, "2026-11-25T04:00:00.001Z"); // 13:00 Tokyo
  });

  it("refuses when the day's on-demand quota is used", () => {
    const verdict = evaluatePreflight(
      { now: thursday, vm, policy, instantRestorePoints: 0, onDemandToday: 3 },
      settings,
    );
    assert.deepEqual(
      verdict.refusals.map((r) => r.code),
      ["DAILY_QUOTA_USED"],
    );
  });
});
