import { Prng } from "../core/prng.ts";

/**
 * Compute state the disk snapshot alternative needs: VMs (power state, disks), managed disks, snapshots
 * and the DiskRP's asynchronous operations. Keys are lower-cased `subscription/resourceGroup/name`,
 * because ARM names are case-insensitive.
 */

/** The power states the emulator models (`PowerState/<state>` in a VM's instance view). */
export type PowerState = "running" | "stopped" | "deallocated";

export const POWER_STATES: readonly PowerState[] = ["running", "stopped", "deallocated"];

export interface ComputeVm {
  key: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** The VM's own GUID (`properties.vmId`). */
  vmId: string;
  power: PowerState;
  /** When the power state last changed (the instance view status's `time`). */
  powerSince: number;
  osType: "Linux" | "Windows";
  osDiskKey: string;
  /** In LUN order: index = LUN. */
  dataDiskKeys: string[];
}

export interface ManagedDisk {
  key: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  sizeGb: number;
  osType: "Linux" | "Windows" | undefined;
  uniqueId: string;
  timeCreated: number;
  /** ARM id of the VM it is attached to. */
  managedBy: string | undefined;
}

/** Azure reports `Updating` while a snapshot is being created (inference: DiskRP provisioning states). */
export type SnapshotState = "Updating" | "Succeeded" | "Deleting";

export interface DiskSnapshot {
  key: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  sourceResourceId: string;
  sourceUniqueId: string;
  incremental: boolean;
  sizeGb: number;
  osType: "Linux" | "Windows" | undefined;
  uniqueId: string;
  timeCreated: number;
  state: SnapshotState;
}

export interface DiskOperation {
  id: string;
  subscriptionId: string;
  location: string;
  kind: "create" | "delete";
  snapshotKey: string;
  start: number;
  end: number | undefined;
  status: "InProgress" | "Succeeded";
}

export function computeKey(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
}

export function computeId(
  subscriptionId: string,
  resourceGroup: string,
  type: "virtualMachines" | "disks" | "snapshots",
  name: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/${type}/${name}`;
}

/** Indexed compute state, held by the simulation's store and rebuilt with it on reset. */
export class ComputeStore {
  /** Its own id sequence, so compute traffic never shifts the backup API's job and operation ids. */
  readonly ids = new Prng(7_919);
  readonly vms = new ScopedMap<ComputeVm>();
  readonly disks = new ScopedMap<ManagedDisk>();
  /** Insertion order is creation order, which lists keep. */
  readonly snapshots = new ScopedMap<DiskSnapshot>();
  readonly operations = new Map<string, DiskOperation>();

  /** Whether the resource group holds anything the emulator knows of (else ARM's ResourceGroupNotFound). */
  hasResourceGroup(subscriptionId: string, resourceGroup: string, vaultKeys: Iterable<string>): boolean {
    return this.#hasPrefix(`${subscriptionId}/${resourceGroup}/`, vaultKeys);
  }

  /** Whether anything (a VM, disk, snapshot or vault) lives in the subscription. */
  hasSubscription(subscriptionId: string, vaultKeys: Iterable<string>): boolean {
    return this.#hasPrefix(`${subscriptionId}/`, vaultKeys);
  }

  #hasPrefix(scope: string, vaultKeys: Iterable<string>): boolean {
    const prefix = scope.toLowerCase();
    if (this.vms.hasScope(prefix) || this.disks.hasScope(prefix) || this.snapshots.hasScope(prefix))
      return true;
    for (const key of vaultKeys) if (key.startsWith(prefix)) return true;
    return false;
  }
}

/**
 * A map keyed `subscription/resourceGroup/name` (`computeKey`) that counts its keys per subscription
 * and per resource group, so "does anything live in this scope" is one lookup: ARM's scope check runs
 * on every request, and a scan of every VM, disk and snapshot made each call cost as much as the fleet.
 */
export class ScopedMap<V> extends Map<string, V> {
  readonly #scopes = new Map<string, number>();

  override set(key: string, value: V): this {
    if (!this.has(key))
      for (const scope of scopesOf(key)) this.#scopes.set(scope, (this.#scopes.get(scope) ?? 0) + 1);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    if (!super.delete(key)) return false;
    for (const scope of scopesOf(key)) {
      const left = (this.#scopes.get(scope) ?? 1) - 1;
      if (left > 0) this.#scopes.set(scope, left);
      else this.#scopes.delete(scope);
    }
    return true;
  }

  override clear(): void {
    super.clear();
    this.#scopes.clear();
  }

  /** Whether a key starts with `scope`: `subscription/` or `subscription/resourceGroup/`, lower case. */
  hasScope(scope: string): boolean {
    return this.#scopes.has(scope);
  }
}

/** The subscription and resource group scopes of a `computeKey`. */
function scopesOf(key: string): string[] {
  const [subscription, resourceGroup] = key.split("/");
  return [`${subscription}/`, `${subscription}/${resourceGroup}/`];
}
