/**
 * Snapshot creation and deletion as DiskRP long-running operations: the PUT or DELETE answers at once,
 * the change completes after `diskSnapshotMs` / `snapshotDeleteMs` of virtual time.
 */
import { ArmError } from "../core/arm-error.ts";
import type { Simulation } from "../core/simulation.ts";
import { computeId, computeKey, type DiskOperation, type DiskSnapshot, type ManagedDisk } from "./model.ts";

export interface SnapshotInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  source: ManagedDisk;
  incremental: boolean;
}

/**
 * Creates the snapshot, or answers for the one that exists: a PUT naming the same source again is an
 * update of its tags (so a client retrying a PUT after a crash never makes a second snapshot).
 */
export function putSnapshot(
  sim: Simulation,
  input: SnapshotInput,
): { snapshot: DiskSnapshot; operation: DiskOperation | undefined } {
  const compute = sim.store.compute;
  const key = computeKey(input.subscriptionId, input.resourceGroup, input.name);
  const sourceId = sourceIdOf(input.source);
  const existing = compute.snapshots.get(key);
  if (existing) {
    if (existing.sourceResourceId.toLowerCase() !== sourceId.toLowerCase()) {
      throw new ArmError(
        409,
        "PropertyChangeNotAllowed",
        `Changing property 'sourceResourceId' is not allowed for existing snapshot '${existing.name}'.`,
      );
    }
    if (existing.state === "Deleting") {
      throw new ArmError(
        409,
        "OperationNotAllowed",
        `The snapshot '${existing.name}' is being deleted; try again after the operation ends.`,
      );
    }
    existing.tags = { ...input.tags };
    return { snapshot: existing, operation: undefined };
  }
  const now = sim.now();
  const snapshot: DiskSnapshot = {
    key,
    subscriptionId: input.subscriptionId,
    resourceGroup: input.resourceGroup,
    name: input.name,
    location: input.location,
    tags: { ...input.tags },
    sourceResourceId: sourceId,
    sourceUniqueId: input.source.uniqueId,
    incremental: input.incremental,
    sizeGb: input.source.sizeGb,
    osType: input.source.osType,
    uniqueId: sim.store.compute.ids.guid(),
    timeCreated: now,
    state: "Updating",
  };
  compute.snapshots.set(key, snapshot);
  return { snapshot, operation: startOperation(sim, snapshot, "create", sim.behaviour.diskSnapshotMs) };
}

/** Starts deleting; undefined when there is nothing to delete (ARM answers 204). */
export function deleteSnapshot(sim: Simulation, key: string): DiskOperation | undefined {
  const snapshot = sim.store.compute.snapshots.get(key);
  if (!snapshot) return undefined;
  snapshot.state = "Deleting";
  return startOperation(sim, snapshot, "delete", sim.behaviour.snapshotDeleteMs);
}

export function onDiskOperationDone(sim: Simulation, operationId: string): void {
  const compute = sim.store.compute;
  const op = compute.operations.get(operationId);
  if (op?.status !== "InProgress") return;
  op.status = "Succeeded";
  op.end = sim.now();
  const snapshot = compute.snapshots.get(op.snapshotKey);
  if (!snapshot) return;
  if (op.kind === "delete") compute.snapshots.delete(op.snapshotKey);
  else if (snapshot.state === "Updating") snapshot.state = "Succeeded";
}

function startOperation(
  sim: Simulation,
  snapshot: DiskSnapshot,
  kind: DiskOperation["kind"],
  durationMs: number,
): DiskOperation {
  const op: DiskOperation = {
    id: sim.store.compute.ids.guid(),
    subscriptionId: snapshot.subscriptionId,
    location: snapshot.location,
    kind,
    snapshotKey: snapshot.key,
    start: sim.now(),
    end: undefined,
    status: "InProgress",
  };
  sim.store.compute.operations.set(op.id, op);
  sim.schedule(sim.now() + durationMs, { kind: "diskOperationDone", operationId: op.id });
  return op;
}

function sourceIdOf(disk: ManagedDisk): string {
  return computeId(disk.subscriptionId, disk.resourceGroup, "disks", disk.name);
}
