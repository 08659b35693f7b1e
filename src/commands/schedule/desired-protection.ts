/**
 * The one place that decides whether a VM's protection should be on. Protection is a cost (the
 * policy's scheduled backup can run) and a need (GC runs only while it is on; ad-hoc backups need
 * it), so kura keeps it on exactly while something needs it and stops it (retaining data) otherwise.
 * The reconciler compares this with Azure's state; lifecycles never decide on their own.
 */
import { type GcWindowConfig, isWindowOpen } from "./gc-window.ts";

/** Why protection must be on; listed in this order. */
export type ProtectionReason = "gc-window" | "emergency-window" | "lifecycle";

/** An operator-approved, one-off window of protection for one VM (to let GC run before the weekend). */
export interface EmergencyWindow {
  vmName: string;
  opensAt: Date;
  closesAt: Date;
}

export interface DesiredProtectionInput {
  now: Date;
  /** The VM being decided; emergency windows for other VMs are ignored. */
  vmName: string;
  gcWindow: GcWindowConfig;
  emergencyWindows: readonly EmergencyWindow[];
  /** Ad-hoc backup lifecycles for this VM that have enabled, or are about to enable, protection. */
  activeLifecycles: number;
}

export interface DesiredProtection {
  state: "Protected" | "ProtectionStopped";
  /** Empty exactly when the state is `ProtectionStopped`. */
  reasons: ProtectionReason[];
}

export function desiredProtection(input: DesiredProtectionInput): DesiredProtection {
  const { now } = input;
  const at = now.getTime();
  const reasons: ProtectionReason[] = [];
  if (isWindowOpen(input.gcWindow, now)) reasons.push("gc-window");
  // Azure resource names are case-insensitive, so "VM01" and "vm01" are the same VM.
  const vm = input.vmName.toLowerCase();
  const emergency = input.emergencyWindows.some(
    (w) => w.vmName.toLowerCase() === vm && w.opensAt.getTime() <= at && at < w.closesAt.getTime(),
  );
  if (emergency) reasons.push("emergency-window");
  if (input.activeLifecycles > 0) reasons.push("lifecycle");
  return { state: reasons.length > 0 ? "Protected" : "ProtectionStopped", reasons };
}
