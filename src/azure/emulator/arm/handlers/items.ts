/** Protected items: list (ref §2a), get (§2b), PUT for resume/stop (§2c, §2d). */
import { ArmError } from "../../core/arm-error.ts";
import type { Item, Policy } from "../../core/model.ts";
import { itemPath, shortContainerName, vmId } from "../../core/names.ts";
import { type ProtectionRequest, requestProtectionChange } from "../../core/protection.ts";
import { itemView } from "../../views/item-view.ts";
import { type ArmContext, type ArmResult, acceptedHeaders, bodyProperties, resolveItem } from "../context.ts";
import { parseFilter } from "../odata-filter.ts";
import { page } from "../paging.ts";

// SPEC ProtectedItemQueryObject.
const LIST_FILTER_KEYS = [
  "backupManagementType",
  "itemType",
  "healthState",
  "policyName",
  "containerName",
  "backupEngineName",
  "friendlyName",
  "fabricName",
  "backupSetName",
] as const;

export function listItems(ctx: ArmContext): ArmResult {
  const f = parseFilter(ctx.query.get("$filter"), LIST_FILTER_KEYS);
  const eq = (key: string, actual: string | undefined) => {
    const want = f.get(key.toLowerCase());
    return want === undefined || want.toLowerCase() === (actual ?? "").toLowerCase();
  };
  const items = (ctx.sim.store.itemsByVault.get(ctx.vault.key) ?? []).filter(
    (i) =>
      eq("backupManagementType", "AzureIaasVM") &&
      eq("itemType", "VM") &&
      eq("fabricName", "Azure") &&
      eq("healthState", "Passed") &&
      eq("policyName", i.policyName) &&
      eq("friendlyName", i.vmName) &&
      (eq("containerName", i.containerName) ||
        eq("containerName", shortContainerName(i.vmResourceGroup, i.vmName))),
  );
  const body = page(items, pageRequest(ctx), (i) => itemView(ctx.vault, i, false));
  return { status: 200, body };
}

export function getItem(ctx: ArmContext): ArmResult {
  const item = resolveItem(ctx);
  const f = parseFilter(ctx.query.get("$filter"), ["expand"]);
  const expand = f.get("expand")?.toLowerCase() === "extendedinfo";
  return { status: 200, body: itemView(ctx.vault, item, expand) };
}

export function putItem(ctx: ArmContext): ArmResult {
  const code = "BMSUserErrorInvalidConfigureProtectionRequest";
  const props = bodyProperties(ctx.body, code);
  let item: Item;
  try {
    item = resolveItem(ctx);
  } catch {
    // The emulator has no VM discovery: an unknown item is a configure request for a missing container.
    throw new ArmError(
      400,
      code,
      "Input for configure protection is not in proper format. Please ensure that container exists and other parameters are in valid format.",
    );
  }
  if (props.protectedItemType !== "Microsoft.Compute/virtualMachines") {
    // ref §1: Azure answers 400 to the base type AzureIaaSVMProtectedItem.
    throw new ArmError(
      400,
      code,
      "properties.protectedItemType must be 'Microsoft.Compute/virtualMachines'.",
    );
  }
  const source = props.sourceResourceId;
  const expected = vmId(ctx.vault.subscriptionId, item.vmResourceGroup, item.vmName);
  if (
    source !== undefined &&
    (typeof source !== "string" || source.toLowerCase() !== expected.toLowerCase())
  ) {
    throw new ArmError(400, code, `properties.sourceResourceId does not identify VM '${item.vmName}'.`);
  }
  const op = requestProtectionChange(ctx.sim, item, protectionRequest(ctx, item, props));
  const path = itemPath(ctx.vault.id, item.containerName, item.itemName);
  return {
    status: 202,
    headers: acceptedHeaders(ctx, `${path}/operationResults/${op.id}`, `${path}/operationsStatus/${op.id}`),
  };
}

function protectionRequest(ctx: ArmContext, item: Item, props: Record<string, unknown>): ProtectionRequest {
  const code = "BMSUserErrorInvalidConfigureProtectionRequest";
  const state = props.protectionState;
  const policyId = props.policyId;
  if (policyId !== undefined && typeof policyId !== "string")
    throw new ArmError(400, code, "policyId must be a string.");
  // ref §2d: stop-retain-data comes with policyId omitted (spec example) or "" (Azure CLI).
  if (state === "ProtectionStopped") return { kind: "stop" };
  if (state === "BackupsSuspended") {
    // ref §2d: seen refused on a vault that is not immutable (Azure/azure-rest-api-specs #32688).
    throw new ArmError(
      400,
      "UserErrorOperationDeniedOnImmutableItem",
      "BackupsSuspended is not allowed for this vault.",
    );
  }
  if (state !== undefined && state !== "Protected") {
    throw new ArmError(400, code, `protectionState '${String(state)}' cannot be requested.`);
  }
  if (!policyId) {
    // ref §2c: resume = PUT with a policy id; the policy id is required.
    throw new ArmError(
      400,
      code,
      `A policyId is required to ${item.protectionState === "Protected" ? "configure" : "resume"} protection of '${item.vmName}'.`,
    );
  }
  return { kind: "protect", policy: resolvePolicy(ctx, policyId) };
}

function resolvePolicy(ctx: ArmContext, policyId: string): Policy {
  const prefix = `${ctx.vault.id}/backupPolicies/`.toLowerCase();
  const lower = policyId.toLowerCase();
  const policy = lower.startsWith(prefix)
    ? ctx.sim.store.policy(ctx.vault.key, policyId.slice(prefix.length))
    : undefined;
  if (!policy) {
    throw new ArmError(
      400,
      "BMSUserErrorInvalidConfigureProtectionRequest",
      `Policy '${policyId}' was not found in vault '${ctx.vault.name}'.`,
    );
  }
  return policy;
}

export function pageRequest(ctx: ArmContext) {
  return { base: `${ctx.origin}${ctx.pathname}`, query: ctx.query, pageSize: ctx.sim.behaviour.pageSize };
}
