/**
 * Compute resources as ARM returns them (shapes of the Compute and DiskRP specs' examples). Every
 * timestamp is ISO-8601 with `Z`; absent values are omitted.
 */
import { iso } from "../core/time.ts";
import {
  type ComputeStore,
  type ComputeVm,
  computeId,
  type DiskOperation,
  type DiskSnapshot,
  type ManagedDisk,
} from "./model.ts";

const GIB = 1_073_741_824;
const STORAGE = "Premium_LRS";

export function vmView(vm: ComputeVm, store: ComputeStore, instanceView: boolean): object {
  const disk = (key: string) => store.disks.get(key);
  const os = disk(vm.osDiskKey);
  const properties: Record<string, unknown> = {
    vmId: vm.vmId,
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    storageProfile: {
      osDisk: {
        osType: vm.osType,
        name: os?.name,
        createOption: "FromImage",
        caching: "ReadWrite",
        managedDisk: { id: os ? diskId(os) : undefined, storageAccountType: STORAGE },
        deleteOption: "Detach",
        diskSizeGB: os?.sizeGb,
      },
      dataDisks: vm.dataDiskKeys.flatMap((key, lun) => {
        const d = disk(key);
        if (!d) return [];
        return [
          {
            lun,
            name: d.name,
            createOption: "Attach",
            caching: "None",
            managedDisk: { id: diskId(d), storageAccountType: STORAGE },
            deleteOption: "Detach",
            diskSizeGB: d.sizeGb,
            toBeDetached: false,
          },
        ];
      }),
    },
    provisioningState: "Succeeded",
  };
  if (instanceView) properties.instanceView = instanceViewOf(vm);
  return {
    name: vm.name,
    id: computeId(vm.subscriptionId, vm.resourceGroup, "virtualMachines", vm.name),
    type: "Microsoft.Compute/virtualMachines",
    location: vm.location,
    properties,
  };
}

/** `PowerState/*` next to the provisioning state, as Azure puts them in `instanceView.statuses`. */
function instanceViewOf(vm: ComputeVm): object {
  const display = { running: "VM running", stopped: "VM stopped", deallocated: "VM deallocated" }[vm.power];
  return {
    computerName: vm.name,
    osName: vm.osType === "Linux" ? "ubuntu" : "Windows Server 2022 Datacenter",
    statuses: [
      {
        code: "ProvisioningState/succeeded",
        level: "Info",
        displayStatus: "Provisioning succeeded",
        time: iso(vm.powerSince),
      },
      { code: `PowerState/${vm.power}`, level: "Info", displayStatus: display },
    ],
  };
}

export function diskView(disk: ManagedDisk, store: ComputeStore): object {
  const vm = [...store.vms.values()].find(
    (v) => v.osDiskKey === disk.key || v.dataDiskKeys.includes(disk.key),
  );
  return {
    name: disk.name,
    id: diskId(disk),
    type: "Microsoft.Compute/disks",
    location: disk.location,
    ...(disk.managedBy ? { managedBy: disk.managedBy } : {}),
    sku: { name: STORAGE, tier: "Premium" },
    properties: {
      ...(disk.osType ? { osType: disk.osType } : {}),
      creationData: { createOption: disk.osType ? "FromImage" : "Empty" },
      diskSizeGB: disk.sizeGb,
      diskSizeBytes: disk.sizeGb * GIB,
      uniqueId: disk.uniqueId,
      provisioningState: "Succeeded",
      // Azure: Attached while the VM holds it, Reserved while the VM is deallocated.
      diskState: vm ? (vm.power === "deallocated" ? "Reserved" : "Attached") : "Unattached",
      timeCreated: iso(disk.timeCreated),
    },
  };
}

export function snapshotView(s: DiskSnapshot): object {
  return {
    name: s.name,
    id: computeId(s.subscriptionId, s.resourceGroup, "snapshots", s.name),
    type: "Microsoft.Compute/snapshots",
    location: s.location,
    tags: { ...s.tags },
    sku: { name: "Standard_LRS", tier: "Standard" },
    properties: {
      ...(s.osType ? { osType: s.osType } : {}),
      creationData: {
        createOption: "Copy",
        sourceResourceId: s.sourceResourceId,
        sourceUniqueId: s.sourceUniqueId,
      },
      diskSizeGB: s.sizeGb,
      diskSizeBytes: s.sizeGb * GIB,
      uniqueId: s.uniqueId,
      provisioningState: s.state === "Deleting" ? "Deleting" : s.state,
      timeCreated: iso(s.timeCreated),
      incremental: s.incremental,
      diskState: "Unattached",
    },
  };
}

/** DiskRP's operation status (`…/locations/{l}/DiskOperations/{id}`); `output` is the created resource. */
export function diskOperationView(op: DiskOperation, output: DiskSnapshot | undefined): object {
  return {
    name: op.id,
    status: op.status,
    startTime: iso(op.start),
    ...(op.end !== undefined ? { endTime: iso(op.end) } : {}),
    ...(op.status === "Succeeded" && op.kind === "create" && output
      ? { properties: { output: snapshotView(output) } }
      : {}),
  };
}

function diskId(disk: ManagedDisk): string {
  return computeId(disk.subscriptionId, disk.resourceGroup, "disks", disk.name);
}
