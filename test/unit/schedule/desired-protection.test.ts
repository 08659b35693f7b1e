import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  desiredProtection,
  type EmergencyWindow,
} from "../../../src/commands/schedule/desired-protection.ts";
import { DEFAULT_GC_WINDOW } from "../../../src/commands/schedule/gc-window.ts";
import { at } from "./fixtures.ts";

const WEDNESDAY = at("2024-06-05T03:00:00Z"); // 12:00 JST, window closed
const SATURDAY = at("2024-06-08T03:00:00Z"); // 12:00 JST, window open

const emergency: EmergencyWindow = {
  vmName: "vm-app01",
  opensAt: at("2024-06-05T00:00:00Z"),
  closesAt: at("2024-06-07T00:00:00Z"),
};

function decide(
  now: Date,
  emergencyWindows: EmergencyWindow[],
  activeLifecycles: number,
  vmName = "vm-app01",
) {
  return desiredProtection({ now, vmName, gcWindow: DEFAULT_GC_WINDOW, emergencyWindows, activeLifecycles });
}

describe("desiredProtection", () => {
  it("stops protection on a weekday with nothing needing it", () => {
    assert.deepEqual(decide(WEDNESDAY, [], 0), { state: "ProtectionStopped", reasons: [] });
  });

  it("protects while the weekly GC window is open", () => {
    assert.deepEqual(decide(SATURDAY, [], 0), { state: "Protected", reasons: ["gc-window"] });
  });

  it("protects while an emergency window for this VM is open, matching names case-insensitively", () => {
    assert.deepEqual(decide(WEDNESDAY, [emergency], 0, "VM-APP01"), {
      state: "Protected",
      reasons: ["emergency-window"],
    });
  });

  it("ignores emergency windows for other VMs, and ones not open now (closesAt is exclusive)", () => {
    assert.deepEqual(decide(WEDNESDAY, [{ ...emergency, vmName: "vm-db01" }], 0).state, "ProtectionStopped");
    assert.deepEqual(decide(emergency.closesAt, [emergency], 0).state, "ProtectionStopped");
    assert.deepEqual(decide(emergency.opensAt, [emergency], 0).state, "Protected");
  });

  it("protects while an ad-hoc lifecycle needs it", () => {
    assert.deepEqual(decide(WEDNESDAY, [], 2), { state: "Protected", reasons: ["lifecycle"] });
  });

  it("lists every reason at once, in a fixed order", () => {
    const weekendEmergency = {
      ...emergency,
      opensAt: at("2024-06-08T00:00:00Z"),
      closesAt: at("2024-06-09T00:00:00Z"),
    };
    assert.deepEqual(decide(SATURDAY, [weekendEmergency], 1), {
      state: "Protected",
      reasons: ["gc-window", "emergency-window", "lifecycle"],
    });
  });
});
