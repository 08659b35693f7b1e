import type { VmLocks } from "../ports/coordination.ts";
import { desiredProtection } from "../schedule/desired-protection.ts";
import type { GcWindowConfig } from "../schedule/gc-window.ts";

/** Emergency GC windows (issue: `/backup gc open <vm>`); none until that feature stores some. */
export interface EmergencyWindows {
  list(vmName: string): Promise<{ vmName: string; opensAt: Date; closesAt: Date }[]>;
}

export const NO_EMERGENCY_WINDOWS: EmergencyWindows = { list: async () => [] };

export interface ProtectionIntentDeps {
  gcWindow: GcWindowConfig;
  locks: VmLocks;
  emergencyWindows?: EmergencyWindows;
}

/**
 * What a VM's protection should be now, from everything that may need it on: the weekly GC window,
 * an emergency window, or an ad-hoc lifecycle holding the VM's lease. The lifecycle (when it ends),
 * the GC window jobs and the reconciler all ask here, so they can never disagree.
 */
export class ProtectionIntent {
  readonly #deps: ProtectionIntentDeps;

  constructor(deps: ProtectionIntentDeps) {
    this.#deps = deps;
  }

  async desiredFor(vmKey: string, vmName: string, now: Date, options: { ignoringRequest?: string } = {}) {
    const holder = await this.#deps.locks.lifecycleHolder(vmKey);
    const activeLifecycles = holder && holder !== options.ignoringRequest ? 1 : 0;
    const emergencyWindows = await (this.#deps.emergencyWindows ?? NO_EMERGENCY_WINDOWS).list(vmName);
    return desiredProtection({
      now,
      vmName,
      gcWindow: this.#deps.gcWindow,
      emergencyWindows,
      activeLifecycles,
    });
  }
}
