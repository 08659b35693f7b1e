/** Gives every seeded protected VM its Compute side: the VM (power state), an OS disk and data disks. */
import { vmId } from "../core/names.ts";
import type { Simulation } from "../core/simulation.ts";
import { SeedError } from "../seed/schema.ts";
import type { SeedItem } from "../types.ts";
import { type ComputeVm, computeKey, type ManagedDisk } from "./model.ts";

export function seedComputeVm(sim: Simulation, subscriptionId: string, location: string, si: SeedItem): void {
  const compute = sim.store.compute;
  const rg = si.vmResourceGroup;
  const key = computeKey(subscriptionId, rg, si.vmName);
  // The same VM may be listed by two vaults' seeds only if it is the same VM; keep the first.
  if (compute.vms.has(key)) return;
  const now = sim.now();
  const owner = vmId(subscriptionId, rg, si.vmName);
  const disk = (name: string, sizeGb: number, osType: ManagedDisk["osType"]): string => {
    const diskKey = computeKey(subscriptionId, rg, name);
    if (compute.disks.has(diskKey)) throw new SeedError(`VM '${si.vmName}': disk '${name}' exists already`);
    compute.disks.set(diskKey, {
      key: diskKey,
      subscriptionId,
      resourceGroup: rg,
      name,
      location,
      sizeGb,
      osType,
      uniqueId: compute.ids.guid(),
      timeCreated: now - 90 * 86_400_000,
      managedBy: owner,
    });
    return diskKey;
  };
  const vm: ComputeVm = {
    key,
    subscriptionId,
    resourceGroup: rg,
    name: si.vmName,
    location,
    vmId: compute.ids.guid(),
    power: si.powerState ?? "running",
    powerSince: now,
    osType: "Linux",
    osDiskKey: disk(`${si.vmName}_OsDisk_1`, 30, "Linux"),
    dataDiskKeys: Array.from({ length: si.dataDisks ?? 0 }, (_, lun) =>
      disk(`${si.vmName}_DataDisk_${lun}`, 128, undefined),
    ),
  };
  compute.vms.set(key, vm);
}
