/**
 * Compute operations (route name → handler): VM get with `$expand=instanceView`, disk get, and
 * snapshot create/get/list/delete with DiskRP-style long-running operations.
 */
import type { ArmResult } from "../arm/context.ts";
import { page } from "../arm/paging.ts";
import { ArmError, notFound } from "../core/arm-error.ts";
import type { Simulation } from "../core/simulation.ts";
import { computeKey, type DiskOperation } from "./model.ts";
import { DISK_API_VERSION } from "./routes.ts";
import { deleteSnapshot, putSnapshot } from "./snapshots.ts";
import { diskOperationView, diskView, snapshotView, vmView } from "./views.ts";

export interface ComputeContext {
  sim: Simulation;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  origin: string;
  pathname: string;
}

type Handler = (ctx: ComputeContext) => ArmResult;

const SNAPSHOT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$|^[A-Za-z0-9_]$/;

function getVm(ctx: ComputeContext): ArmResult {
  const { subscriptionId = "", resourceGroup = "", vm: name = "" } = ctx.params;
  const vm = ctx.sim.store.compute.vms.get(computeKey(subscriptionId, resourceGroup, name));
  if (!vm) throw notFound("Microsoft.Compute/virtualMachines", name, resourceGroup);
  const expand = ctx.query.get("$expand");
  if (expand !== null && !["instanceView", "userData"].includes(expand)) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The value '${expand}' of parameter '$expand' is not valid. Allowed values are 'instanceView', 'userData'.`,
    );
  }
  return { status: 200, body: vmView(vm, ctx.sim.store.compute, expand === "instanceView") };
}

function getDisk(ctx: ComputeContext): ArmResult {
  const { subscriptionId = "", resourceGroup = "", disk: name = "" } = ctx.params;
  const disk = ctx.sim.store.compute.disks.get(computeKey(subscriptionId, resourceGroup, name));
  if (!disk) throw notFound("Microsoft.Compute/disks", name, resourceGroup);
  return { status: 200, body: diskView(disk, ctx.sim.store.compute) };
}

function getSnapshot(ctx: ComputeContext): ArmResult {
  const { subscriptionId = "", resourceGroup = "", snapshot: name = "" } = ctx.params;
  const snapshot = ctx.sim.store.compute.snapshots.get(computeKey(subscriptionId, resourceGroup, name));
  if (!snapshot) throw notFound("Microsoft.Compute/snapshots", name, resourceGroup);
  return { status: 200, body: snapshotView(snapshot) };
}

function listSnapshots(ctx: ComputeContext): ArmResult {
  const { subscriptionId = "", resourceGroup } = ctx.params;
  if (resourceGroup !== undefined) requireResourceGroup(ctx, subscriptionId, resourceGroup);
  const prefix = `${subscriptionId}/${resourceGroup === undefined ? "" : `${resourceGroup}/`}`.toLowerCase();
  const all = [...ctx.sim.store.compute.snapshots.values()].filter((s) => s.key.startsWith(prefix));
  const base = `${ctx.origin}${ctx.pathname}`;
  return {
    status: 200,
    body: page(all, { base, query: ctx.query, pageSize: ctx.sim.behaviour.pageSize }, snapshotView),
  };
}

function putSnapshotHandler(ctx: ComputeContext): ArmResult {
  const { subscriptionId = "", resourceGroup = "", snapshot: name = "" } = ctx.params;
  requireResourceGroup(ctx, subscriptionId, resourceGroup);
  if (!SNAPSHOT_NAME.test(name)) {
    throw new ArmError(400, "InvalidResourceName", `The resource name '${name}' is invalid.`);
  }
  const body = (ctx.body ?? {}) as {
    location?: unknown;
    tags?: unknown;
    properties?: {
      creationData?: { createOption?: unknown; sourceResourceId?: unknown };
      incremental?: unknown;
    };
  };
  if (typeof body.location !== "string" || body.location === "") {
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  }
  const creation = body.properties?.creationData;
  if (creation?.createOption !== "Copy" || typeof creation.sourceResourceId !== "string") {
    throw new ArmError(
      400,
      "InvalidParameter",
      "This emulator creates snapshots only with creationData.createOption 'Copy' and a sourceResourceId.",
    );
  }
  const source = diskFromId(ctx, creation.sourceResourceId);
  if (source.location.toLowerCase() !== body.location.toLowerCase()) {
    throw new ArmError(
      400,
      "InvalidParameter",
      `The snapshot must be in the source disk's location '${source.location}'.`,
    );
  }
  const { snapshot, operation } = putSnapshot(ctx.sim, {
    subscriptionId,
    resourceGroup,
    name,
    location: source.location,
    tags: tagsOf(body.tags),
    source,
    incremental: body.properties?.incremental === true,
  });
  // An existing snapshot answers 200 with its current state (the client polls it if still Updating).
  if (!operation) return { status: 200, body: snapshotView(snapshot) };
  return { status: 202, body: snapshotView(snapshot), headers: operationHeaders(ctx, operation) };
}

function deleteSnapshotHandler(ctx: ComputeContext): ArmResult {
  const { subscriptionId = "", resourceGroup = "", snapshot: name = "" } = ctx.params;
  const operation = deleteSnapshot(ctx.sim, computeKey(subscriptionId, resourceGroup, name));
  if (!operation) return { status: 204 };
  return { status: 202, headers: operationHeaders(ctx, operation) };
}

function getDiskOperation(ctx: ComputeContext): ArmResult {
  const { op: id = "", subscriptionId = "" } = ctx.params;
  const op = ctx.sim.store.compute.operations.get(id.toLowerCase());
  if (!op || op.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
    throw new ArmError(404, "NotFound", `The operation '${id}' was not found.`);
  }
  const snapshot = ctx.sim.store.compute.snapshots.get(op.snapshotKey);
  if (ctx.query.get("monitor") === "true") {
    // The `Location` flavour: 202 while running, then the resource (create) or 204 (delete).
    if (op.status === "InProgress") return { status: 202, headers: { Location: locationUrl(ctx, op) } };
    if (op.kind === "delete" || !snapshot) return { status: 204 };
    return { status: 200, body: snapshotView(snapshot) };
  }
  return { status: 200, body: diskOperationView(op, snapshot) };
}

export const COMPUTE_HANDLERS: Readonly<Record<string, Handler>> = {
  VirtualMachines_Get: getVm,
  Disks_Get: getDisk,
  Snapshots_Get: getSnapshot,
  Snapshots_ListByResourceGroup: listSnapshots,
  Snapshots_List: listSnapshots,
  Snapshots_CreateOrUpdate: putSnapshotHandler,
  Snapshots_Delete: deleteSnapshotHandler,
  DiskOperations_Get: getDiskOperation,
};

function requireResourceGroup(ctx: ComputeContext, subscriptionId: string, resourceGroup: string): void {
  const store = ctx.sim.store;
  if (!store.compute.hasResourceGroup(subscriptionId, resourceGroup, store.vaults.keys())) {
    throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
  }
}

function diskFromId(ctx: ComputeContext, id: string) {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/disks\/([^/]+)$/i.exec(
      id,
    );
  const disk = m
    ? ctx.sim.store.compute.disks.get(computeKey(m[1] ?? "", m[2] ?? "", m[3] ?? ""))
    : undefined;
  if (!disk) {
    throw new ArmError(404, "NotFound", `The source disk '${id}' of the snapshot was not found.`);
  }
  return disk;
}

function tagsOf(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new ArmError(400, "InvalidRequestContent", "tags must be an object of strings.");
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string" || key.length > 512 || value.length > 256 || /[<>%&\\?/]/.test(key)) {
      throw new ArmError(400, "InvalidTagNameCharacters", `The tag '${key}' is not valid.`);
    }
    tags[key] = value;
  }
  return tags;
}

/** DiskRP answers with both headers; the operation id is a GUID under the resource's location. */
function operationHeaders(ctx: ComputeContext, op: DiskOperation): Record<string, string> {
  const status = `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}/DiskOperations/${op.id}?p=${op.id}&api-version=${DISK_API_VERSION}`;
  return { "Azure-AsyncOperation": status, Location: locationUrl(ctx, op) };
}

function locationUrl(ctx: ComputeContext, op: DiskOperation): string {
  return `${ctx.origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}/DiskOperations/${op.id}?p=${op.id}&monitor=true&api-version=${DISK_API_VERSION}`;
}
