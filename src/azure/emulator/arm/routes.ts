/**
 * The ARM paths the emulator serves (ref §2), matched on percent-decoded segments (ref §1: the SDK sends
 * `%3B`). Literal segments match case-insensitively, so `/Subscriptions/` and `/subscriptions/` both work.
 * Route names are the spec's operationIds; they also key the request statistics.
 */
export interface RouteDef {
  /** operationId in bms.json. */
  name: string;
  method: "GET" | "PUT" | "POST" | "DELETE";
  /** Segments after `{vault}`; `{x}` captures. */
  pattern: string[];
}

const ITEM = ["backupFabrics", "{fabric}", "protectionContainers", "{container}", "protectedItems", "{item}"];

export const ROUTES: readonly RouteDef[] = [
  { name: "BackupProtectedItems_List", method: "GET", pattern: ["backupProtectedItems"] },
  { name: "ProtectedItems_Get", method: "GET", pattern: ITEM },
  { name: "ProtectedItems_CreateOrUpdate", method: "PUT", pattern: ITEM },
  { name: "Backups_Trigger", method: "POST", pattern: [...ITEM, "backup"] },
  {
    name: "ProtectedItemOperationResults_Get",
    method: "GET",
    pattern: [...ITEM, "operationResults", "{op}"],
  },
  {
    name: "ProtectedItemOperationStatuses_Get",
    method: "GET",
    pattern: [...ITEM, "operationsStatus", "{op}"],
  },
  { name: "RecoveryPoints_List", method: "GET", pattern: [...ITEM, "recoveryPoints"] },
  { name: "RecoveryPoints_Get", method: "GET", pattern: [...ITEM, "recoveryPoints", "{rp}"] },
  { name: "BackupOperationResults_Get", method: "GET", pattern: ["backupOperationResults", "{op}"] },
  { name: "BackupOperationStatuses_Get", method: "GET", pattern: ["backupOperations", "{op}"] },
  { name: "JobDetails_Get", method: "GET", pattern: ["backupJobs", "{job}"] },
  { name: "BackupJobs_List", method: "GET", pattern: ["backupJobs"] },
  { name: "JobCancellations_Trigger", method: "POST", pattern: ["backupJobs", "{job}", "cancel"] },
  {
    name: "JobOperationResults_Get",
    method: "GET",
    pattern: ["backupJobs", "{job}", "operationResults", "{op}"],
  },
  { name: "BackupPolicies_List", method: "GET", pattern: ["backupPolicies"] },
  { name: "ProtectionPolicies_Get", method: "GET", pattern: ["backupPolicies", "{policy}"] },
];

const VAULT_PREFIX = [
  "subscriptions",
  "{subscriptionId}",
  "resourceGroups",
  "{resourceGroup}",
  "providers",
  "Microsoft.RecoveryServices",
  "vaults",
  "{vault}",
];

export type RouteMatch =
  | { kind: "route"; route: RouteDef; params: Record<string, string> }
  /** The path is a known operation but not with this method. */
  | { kind: "method"; allowed: string[]; params: Record<string, string> }
  | { kind: "none"; params: Record<string, string> };

/** Splits and percent-decodes a path; undefined for an undecodable one. */
export function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export function matchRoute(method: string, segments: string[]): RouteMatch {
  const params: Record<string, string> = {};
  if (!matchInto(VAULT_PREFIX, segments.slice(0, VAULT_PREFIX.length), params)) {
    // Keep the subscription for throttling and error messages even when the rest is unknown.
    if (segments[0]?.toLowerCase() === "subscriptions" && segments[1]) params.subscriptionId = segments[1];
    return { kind: "none", params };
  }
  const rest = segments.slice(VAULT_PREFIX.length);
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const p: Record<string, string> = { ...params };
    if (!matchInto(route.pattern, rest, p)) continue;
    if (route.method === method) return { kind: "route", route, params: p };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: "method", allowed, params } : { kind: "none", params };
}

/** Matches a route pattern (`{name}` captures) against decoded path segments, case-insensitively. */
export function matchInto(pattern: string[], segments: string[], params: Record<string, string>): boolean {
  if (pattern.length !== segments.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith("{")) params[p.slice(1, -1)] = s;
    else if (p.toLowerCase() !== s.toLowerCase()) return false;
  }
  return true;
}
