/**
 * `ComputeGateway` on @azure/arm-compute: VM power state and disks, and full managed disk snapshots
 * through the SDK's long-running operations (core-lro polls DiskRP's `Azure-AsyncOperation`).
 */
import type { ComputeManagementClient } from "@azure/arm-compute";
import { KuraError } from "../commands/errors.ts";
import type { CallOptions } from "../commands/ports/backup-gateway.ts";
import type {
  ComputeGateway,
  ComputeVm,
  DiskSnapshot,
  SnapshotScope,
  SnapshotSpec,
} from "../commands/ports/compute-gateway.ts";
import { parseVmId, toComputeVm, toDiskSnapshot } from "./compute-mappers.ts";
import { allPages, guarded } from "./context.ts";

/** ARM snapshot names: 1–80 letters, digits, `_`, `-`, `.`; ending in a letter, digit or `_`. */
const SNAPSHOT_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
const RESOURCE_GROUP = /^[A-Za-z0-9_.()-]{0,89}[A-Za-z0-9_()-]$/;

export interface ComputeContext {
  /** The client pool, once the Compute SDK is loaded: on first use (a worker without snapshots never loads it). */
  clients(): Promise<(subscriptionId: string) => ComputeManagementClient>;
  /** Between status reads of a snapshot operation when Azure sends no Retry-After. */
  pollIntervalMs: number;
}

export class AzureComputeGateway implements ComputeGateway {
  readonly #ctx: ComputeContext;

  constructor(ctx: ComputeContext) {
    this.#ctx = ctx;
  }

  getVm(vmId: string, options: CallOptions = {}): Promise<ComputeVm> {
    const path = parseVmId(vmId);
    return guarded(options.signal, async () => {
      const client = await this.#ctx.clients();
      const vm = await client(path.subscriptionId).virtualMachines.get(path.resourceGroup, path.name, {
        expand: "instanceView",
        ...signal(options),
      });
      return toComputeVm(vm, path);
    });
  }

  createSnapshot(spec: SnapshotSpec, options: CallOptions = {}): Promise<DiskSnapshot> {
    checkScope(spec);
    checkName(spec.name);
    return guarded(options.signal, async () => {
      const client = await this.#ctx.clients();
      const created = await client(spec.subscriptionId).snapshots.createOrUpdate(
        spec.resourceGroup,
        spec.name,
        {
          location: spec.location,
          tags: spec.tags,
          // A full copy: crash-consistent on its own, and independent of any other snapshot.
          incremental: false,
          creationData: { createOption: "Copy", sourceResourceId: spec.sourceDiskId },
        },
        { updateIntervalInMs: this.#ctx.pollIntervalMs, ...signal(options) },
      );
      return toDiskSnapshot(created, spec);
    });
  }

  listSnapshots(scope: SnapshotScope, tag: string, options: CallOptions = {}): Promise<DiskSnapshot[]> {
    checkScope(scope);
    return guarded(options.signal, async () => {
      // DiskRP has no tag filter on this list; the filter runs here.
      const client = await this.#ctx.clients();
      const all = await allPages(
        client(scope.subscriptionId).snapshots.listByResourceGroup(scope.resourceGroup, signal(options)),
      );
      return all.filter((s) => s.tags?.[tag] !== undefined).map((s) => toDiskSnapshot(s, scope));
    });
  }

  deleteSnapshot(scope: SnapshotScope, name: string, options: CallOptions = {}): Promise<void> {
    checkScope(scope);
    checkName(name);
    return guarded(options.signal, async () => {
      const client = await this.#ctx.clients();
      await client(scope.subscriptionId).snapshots.delete(scope.resourceGroup, name, {
        updateIntervalInMs: this.#ctx.pollIntervalMs,
        ...signal(options),
      });
    });
  }
}

function signal(options: CallOptions): { abortSignal?: AbortSignal } {
  return options.signal ? { abortSignal: options.signal } : {};
}

function checkName(name: string): void {
  if (!SNAPSHOT_NAME.test(name)) {
    throw new KuraError("AZURE_INVALID_INPUT", `'${name.slice(0, 90)}' is not a valid snapshot name.`);
  }
}

function checkScope(scope: SnapshotScope): void {
  if (!RESOURCE_GROUP.test(scope.resourceGroup) || !/^[0-9a-fA-F-]{36}$/.test(scope.subscriptionId)) {
    throw new KuraError("AZURE_INVALID_INPUT", "Not a valid subscription and resource group for snapshots.");
  }
}
