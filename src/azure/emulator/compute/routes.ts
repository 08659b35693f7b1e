/**
 * The Compute paths the emulator serves for the disk snapshot alternative, as `@azure/arm-compute` 25
 * sends them (its operation specs: `dist/esm/api/{virtualMachines,disks,snapshots}/operations.js`).
 * Each resource type has its own api-version, like Azure's Compute and DiskRP providers.
 */
import type { RouteDef, RouteMatch } from "../arm/routes.ts";
import { matchInto } from "../arm/routes.ts";

/** api-version of `virtualMachines` calls in @azure/arm-compute 25.1. */
export const VM_API_VERSION = "2026-04-01";
/** api-version of `disks`, `snapshots` and disk operation polling in @azure/arm-compute 25.1. */
export const DISK_API_VERSION = "2026-03-02";

interface ComputeRoute extends RouteDef {
  apiVersion: string;
  /** The ARM resource type named in api-version errors. */
  type: string;
}

const RG = ["resourceGroups", "{resourceGroup}", "providers", "Microsoft.Compute"];
const SNAPSHOT = [...RG, "snapshots", "{snapshot}"];

const ROUTES: readonly ComputeRoute[] = [
  {
    name: "VirtualMachines_Get",
    method: "GET",
    pattern: [...RG, "virtualMachines", "{vm}"],
    apiVersion: VM_API_VERSION,
    type: "virtualMachines",
  },
  {
    name: "Disks_Get",
    method: "GET",
    pattern: [...RG, "disks", "{disk}"],
    apiVersion: DISK_API_VERSION,
    type: "disks",
  },
  {
    name: "Snapshots_ListByResourceGroup",
    method: "GET",
    pattern: [...RG, "snapshots"],
    apiVersion: DISK_API_VERSION,
    type: "snapshots",
  },
  {
    name: "Snapshots_List",
    method: "GET",
    pattern: ["providers", "Microsoft.Compute", "snapshots"],
    apiVersion: DISK_API_VERSION,
    type: "snapshots",
  },
  {
    name: "Snapshots_Get",
    method: "GET",
    pattern: SNAPSHOT,
    apiVersion: DISK_API_VERSION,
    type: "snapshots",
  },
  {
    name: "Snapshots_CreateOrUpdate",
    method: "PUT",
    pattern: SNAPSHOT,
    apiVersion: DISK_API_VERSION,
    type: "snapshots",
  },
  {
    name: "Snapshots_Delete",
    method: "DELETE",
    pattern: SNAPSHOT,
    apiVersion: DISK_API_VERSION,
    type: "snapshots",
  },
  {
    name: "DiskOperations_Get",
    method: "GET",
    pattern: ["providers", "Microsoft.Compute", "locations", "{location}", "DiskOperations", "{op}"],
    apiVersion: DISK_API_VERSION,
    type: "locations/DiskOperations",
  },
];

export interface ComputeMatch {
  match: Exclude<RouteMatch, { kind: "none" }>;
  apiVersion: string;
  type: string;
}

/** Matches `/subscriptions/{id}/…Microsoft.Compute…` paths; undefined for anything else. */
export function matchComputeRoute(method: string, segments: string[]): ComputeMatch | undefined {
  if (segments[0]?.toLowerCase() !== "subscriptions" || !segments[1]) return undefined;
  const rest = segments.slice(2);
  const allowed: string[] = [];
  let first: ComputeRoute | undefined;
  for (const route of ROUTES) {
    const params: Record<string, string> = { subscriptionId: segments[1] };
    if (!matchInto(route.pattern, rest, params)) continue;
    first ??= route;
    if (route.method === method) {
      return {
        match: { kind: "route", route, params },
        apiVersion: route.apiVersion,
        type: route.type,
      };
    }
    allowed.push(route.method);
  }
  if (!first) return undefined;
  return {
    match: { kind: "method", allowed, params: { subscriptionId: segments[1] } },
    apiVersion: first.apiVersion,
    type: first.type,
  };
}
