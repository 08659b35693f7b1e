/** Policies: list with `$filter` and get (ref §2j). */
import { notFound } from "../../core/arm-error.ts";
import type { Policy } from "../../core/model.ts";
import { policyView } from "../../views/policy-view.ts";
import type { ArmContext, ArmResult } from "../context.ts";
import { parseFilter } from "../odata-filter.ts";
import { page } from "../paging.ts";
import { pageRequest } from "./items.ts";

// SPEC ProtectionPolicyQueryObject.
const POLICY_FILTER_KEYS = ["backupManagementType", "fabricName", "workloadType"] as const;

function view(ctx: ArmContext, policy: Policy): object {
  let count = 0;
  for (const item of ctx.sim.store.itemsByVault.get(ctx.vault.key) ?? []) {
    if (item.protectionState === "Protected" && item.policyName === policy.name) count++;
  }
  return policyView(ctx.vault, policy, count);
}

export function listPolicies(ctx: ArmContext): ArmResult {
  const f = parseFilter(ctx.query.get("$filter"), POLICY_FILTER_KEYS);
  const ok =
    (f.get("backupmanagementtype") ?? "AzureIaasVM").toLowerCase() === "azureiaasvm" &&
    (f.get("fabricname") ?? "Azure").toLowerCase() === "azure" &&
    (f.get("workloadtype") ?? "VM").toLowerCase() === "vm";
  const policies = ok ? ctx.sim.store.policiesOf(ctx.vault.key) : [];
  return { status: 200, body: page(policies, pageRequest(ctx), (p) => view(ctx, p)) };
}

export function getPolicy(ctx: ArmContext): ArmResult {
  const policy = ctx.sim.store.policy(ctx.vault.key, ctx.params.policy ?? "");
  if (!policy) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupPolicies",
      ctx.params.policy ?? "",
      ctx.vault.resourceGroup,
    );
  }
  return { status: 200, body: view(ctx, policy) };
}
