/** Admin API for the Compute side: set a VM's power state; read VMs and snapshots at a glance. */
import type { Simulation } from "../core/simulation.ts";
import { iso } from "../core/time.ts";
import { POWER_STATES, type PowerState } from "./model.ts";

/**
 * `POST /_emulator/compute/power` `{ vmName, resourceGroup?, state }`. Bad input throws RangeError,
 * which the admin handler answers with 400.
 */
export function setPowerState(sim: Simulation, body: Record<string, unknown>): object {
  const { vmName, resourceGroup, state } = body;
  if (typeof vmName !== "string") throw new RangeError("vmName must be a string");
  if (!POWER_STATES.includes(state as PowerState)) {
    throw new RangeError(`state must be one of ${POWER_STATES.join(", ")}`);
  }
  const matches = [...sim.store.compute.vms.values()].filter(
    (vm) =>
      vm.name.toLowerCase() === vmName.toLowerCase() &&
      (typeof resourceGroup !== "string" || vm.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()),
  );
  const vm = matches[0];
  if (!vm) throw new RangeError(`no VM '${vmName}'`);
  if (matches.length > 1) throw new RangeError(`several VMs are named '${vmName}'; give resourceGroup`);
  if (vm.power !== state) {
    vm.power = state as PowerState;
    vm.powerSince = sim.now();
  }
  return { vmName: vm.name, resourceGroup: vm.resourceGroup, state: vm.power, since: iso(vm.powerSince) };
}

/** `GET /_emulator/compute`: every VM (power state, disks) and snapshot (state, tags). */
export function computeView(sim: Simulation): object {
  const { vms, disks, snapshots } = sim.store.compute;
  return {
    vms: [...vms.values()].map((vm) => ({
      name: vm.name,
      resourceGroup: vm.resourceGroup,
      powerState: vm.power,
      disks: [vm.osDiskKey, ...vm.dataDiskKeys].map((key) => disks.get(key)?.name),
    })),
    snapshots: [...snapshots.values()].map((s) => ({
      name: s.name,
      resourceGroup: s.resourceGroup,
      state: s.state,
      source: s.sourceResourceId,
      timeCreated: iso(s.timeCreated),
      tags: s.tags,
    })),
  };
}
