/** Vault-level operation result/status (ref §2 f3, f4): the same operation ids as the item level (ref §2e). */
import { notFound } from "../../core/arm-error.ts";
import type { Operation } from "../../core/model.ts";
import { operationView } from "../../views/operation-view.ts";
import { type ArmContext, type ArmResult, acceptedHeaders } from "../context.ts";

function vaultOperation(ctx: ArmContext): Operation {
  const op = ctx.sim.store.operations.get(ctx.params.op ?? "");
  if (!op || op.vaultKey !== ctx.vault.key) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupOperations",
      ctx.params.op ?? "",
      ctx.vault.resourceGroup,
    );
  }
  return op;
}

export function vaultOperationResult(ctx: ArmContext): ArmResult {
  const op = vaultOperation(ctx);
  if (op.status === "InProgress") {
    return { status: 202, headers: acceptedHeaders(ctx, `${ctx.vault.id}/backupOperationResults/${op.id}`) };
  }
  return { status: 204 };
}

export function vaultOperationStatus(ctx: ArmContext): ArmResult {
  return { status: 200, body: operationView(vaultOperation(ctx)) };
}
