/**
 * The port through which the core sees Azure Compute, for the disk snapshot alternative: a VM's power
 * state and disks, and managed disk snapshots. Implemented by src/azure (the official SDK); every
 * method throws `KuraError` with a stable code on failure.
 */
import type { CallOptions } from "./backup-gateway.ts";

/** The VM power states Azure reports as `PowerState/<state>`; `unknown` when none is reported. */
export type PowerState =
  | "running"
  | "starting"
  | "stopping"
  | "stopped"
  | "deallocating"
  | "deallocated"
  | "unknown";

export interface VmDisk {
  /** The managed disk's ARM id. */
  id: string;
  name: string;
  /** `os`, or `data` with its LUN. */
  role: "os" | "data";
  lun?: number;
  sizeGb?: number;
}

export interface ComputeVm {
  /** The VM's ARM id. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  powerState: PowerState;
  /** OS disk first, then data disks by LUN. */
  disks: VmDisk[];
}

/** Where a snapshot lives: a resource group of a subscription. */
export interface SnapshotScope {
  subscriptionId: string;
  resourceGroup: string;
}

export interface SnapshotSpec extends SnapshotScope {
  /** Deterministic per request and disk, so that creating it again after a crash is the same PUT. */
  name: string;
  location: string;
  sourceDiskId: string;
  tags: Record<string, string>;
}

export interface DiskSnapshot extends SnapshotScope {
  id: string;
  name: string;
  sourceDiskId: string | undefined;
  tags: Record<string, string>;
  createdAt: Date | undefined;
  /** `Succeeded` once usable. */
  provisioningState: string | undefined;
  sizeGb: number | undefined;
}

export interface ComputeGateway {
  /** The VM by ARM id, with its power state (instance view) and managed disks; `AZURE_NOT_FOUND` if none. */
  getVm(vmId: string, options?: CallOptions): Promise<ComputeVm>;
  /** Creates (or, with the same name and source, re-applies) a full snapshot and waits until Azure is done. */
  createSnapshot(spec: SnapshotSpec, options?: CallOptions): Promise<DiskSnapshot>;
  /** Snapshots of the resource group carrying the tag `tag` (any value). */
  listSnapshots(scope: SnapshotScope, tag: string, options?: CallOptions): Promise<DiskSnapshot[]>;
  /** Deletes the snapshot and waits until it is gone; a snapshot already gone is not an error. */
  deleteSnapshot(scope: SnapshotScope, name: string, options?: CallOptions): Promise<void>;
}
