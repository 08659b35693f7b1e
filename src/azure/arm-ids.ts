/**
 * ARM ids and names that travel into request URLs: parsed from Azure's own results, or checked before
 * use when they come from elsewhere (storage, config, chat). Names are never assembled by hand
 * (ref §1: take container and item names from the listed item's `id`, as Azure CLI does).
 */

import { KuraError } from "../commands/errors.ts";
import type { VaultRef } from "../commands/ports/backup-gateway.ts";

/** The URL parts of a protected item, read from its ARM id. */
export interface ItemPath {
  subscriptionId: string;
  resourceGroup: string;
  vaultName: string;
  fabricName: string;
  containerName: string;
  itemName: string;
}

const ITEM_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)\/backupFabrics\/([^/]+)\/protectionContainers\/([^/]+)\/protectedItems\/([^/]+)$/i;
const POLICY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)\/backupPolicies\/([^/]+)$/i;

/** Operation and job ids are GUIDs in Azure; accept GUID-like tokens only, so nothing else reaches a path. */
const OPAQUE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;
/** Backup policy names: letters, digits, `-` and `_`, starting with a letter or digit (≤150). */
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,149}$/;

/** Splits a protected item's ARM id; undefined when it isn't one. */
export function parseItemId(id: string | undefined): ItemPath | undefined {
  const m = id === undefined ? null : ITEM_ID.exec(id);
  if (!m) return undefined;
  const [
    ,
    subscriptionId = "",
    resourceGroup = "",
    vaultName = "",
    fabricName = "",
    containerName = "",
    itemName = "",
  ] = m;
  return { subscriptionId, resourceGroup, vaultName, fabricName, containerName, itemName };
}

/** Splits a backup policy's ARM id; undefined when it isn't one. */
export function parsePolicyId(id: string): { vault: VaultRef; policyName: string } | undefined {
  const m = POLICY_ID.exec(id);
  if (!m) return undefined;
  const [, subscriptionId = "", resourceGroup = "", name = "", policyName = ""] = m;
  return { vault: { subscriptionId, resourceGroup, name }, policyName };
}

/** Same vault, compared the way ARM compares ids: case-insensitively. */
export function sameVault(a: VaultRef, b: VaultRef): boolean {
  return (
    a.subscriptionId.toLowerCase() === b.subscriptionId.toLowerCase() &&
    a.resourceGroup.toLowerCase() === b.resourceGroup.toLowerCase() &&
    a.name.toLowerCase() === b.name.toLowerCase()
  );
}

/** Throws `AZURE_INVALID_INPUT` unless `value` is a GUID-like operation or job id. */
export function checkOpaqueId(value: string, what: "operation id" | "job id"): string {
  if (typeof value === "string" && OPAQUE_ID.test(value)) return value;
  throw new KuraError("AZURE_INVALID_INPUT", `Not a valid Azure ${what}.`, {
    remedy: `Use the ${what} exactly as kura reported it (a GUID).`,
  });
}

/**
 * Resolves a policy given by name or ARM id to its name in `vault`; throws `AZURE_INVALID_INPUT`
 * for a malformed value or an id that points at another vault.
 */
export function policyNameIn(vault: VaultRef, nameOrId: string): string {
  const invalid = (why: string) =>
    new KuraError("AZURE_INVALID_INPUT", `Not a usable backup policy: ${why}.`, {
      remedy: `Give a policy name (letters, digits, '-', '_') or the policy's ARM id in vault ${vault.name}.`,
    });
  if (typeof nameOrId !== "string") throw invalid("not a string");
  if (nameOrId.startsWith("/")) {
    const parsed = parsePolicyId(nameOrId);
    if (!parsed) throw invalid("not a backup policy ARM id");
    if (!sameVault(parsed.vault, vault))
      throw invalid(`the policy belongs to another vault than ${vault.name}`);
    if (!POLICY_NAME.test(parsed.policyName)) throw invalid("the policy name breaks Azure's naming rules");
    return parsed.policyName;
  }
  if (!POLICY_NAME.test(nameOrId)) throw invalid("the policy name breaks Azure's naming rules");
  return nameOrId;
}
