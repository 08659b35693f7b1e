/**
 * Compute SDK models (@azure/arm-compute 25, flattened) → kura's port types, and the ARM ids the
 * compute gateway accepts. Ids are parsed, never trusted: their parts go into URL paths.
 */
import type { Snapshot, VirtualMachine } from "@azure/arm-compute";
import { KuraError } from "../commands/errors.ts";
import type { ComputeVm, DiskSnapshot, PowerState, VmDisk } from "../commands/ports/compute-gateway.ts";

const VM_ID =
  /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([A-Za-z0-9_.()-]{1,90})\/providers\/Microsoft\.Compute\/virtualMachines\/([A-Za-z0-9_.-]{1,64})$/i;
const POWER_STATES: readonly PowerState[] = [
  "running",
  "starting",
  "stopping",
  "stopped",
  "deallocating",
  "deallocated",
];

export interface VmPath {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** The parts of a VM's ARM id; `AZURE_INVALID_INPUT` for anything else. */
export function parseVmId(id: string): VmPath {
  const m = VM_ID.exec(id);
  if (!m) {
    throw new KuraError("AZURE_INVALID_INPUT", "That is not a virtual machine's ARM id.", {
      remedy: "Use the VM id exactly as Azure Backup lists it (sourceResourceId).",
    });
  }
  return { subscriptionId: m[1] as string, resourceGroup: m[2] as string, name: m[3] as string };
}

/** `PowerState/deallocated` in the instance view's statuses → `deallocated`. */
export function powerStateOf(vm: VirtualMachine): PowerState {
  const code = vm.instanceView?.statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  const state = code?.slice("PowerState/".length).toLowerCase() as PowerState | undefined;
  return state && POWER_STATES.includes(state) ? state : "unknown";
}

export function toComputeVm(vm: VirtualMachine, path: VmPath): ComputeVm {
  const storage = vm.storageProfile;
  const disks: VmDisk[] = [];
  const os = storage?.osDisk;
  if (os?.managedDisk?.id) {
    disks.push({
      id: os.managedDisk.id,
      name: os.name ?? lastSegment(os.managedDisk.id),
      role: "os",
      ...size(os.diskSizeGB),
    });
  }
  for (const d of [...(storage?.dataDisks ?? [])].sort((a, b) => a.lun - b.lun)) {
    if (!d.managedDisk?.id) continue; // unmanaged (VHD) disks have no snapshot API
    disks.push({
      id: d.managedDisk.id,
      name: d.name ?? lastSegment(d.managedDisk.id),
      role: "data",
      lun: d.lun,
      ...size(d.diskSizeGB),
    });
  }
  return {
    id:
      vm.id ??
      `/subscriptions/${path.subscriptionId}/resourceGroups/${path.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${path.name}`,
    name: vm.name ?? path.name,
    subscriptionId: path.subscriptionId,
    resourceGroup: path.resourceGroup,
    location: vm.location,
    powerState: powerStateOf(vm),
    disks,
  };
}

export function toDiskSnapshot(
  s: Snapshot,
  scope: { subscriptionId: string; resourceGroup: string },
): DiskSnapshot {
  return {
    subscriptionId: scope.subscriptionId,
    resourceGroup: scope.resourceGroup,
    id: s.id ?? "",
    name: s.name ?? "",
    sourceDiskId: s.creationData?.sourceResourceId,
    tags: { ...(s.tags ?? {}) },
    createdAt: s.timeCreated,
    provisioningState: s.provisioningState,
    sizeGb: s.diskSizeGB,
  };
}

function size(gb: number | undefined): { sizeGb?: number } {
  return gb === undefined ? {} : { sizeGb: gb };
}

function lastSegment(id: string): string {
  return id.split("/").pop() ?? id;
}
