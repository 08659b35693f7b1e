/** Backup now (ref §2e) and the item-level operation result/status (ref §2 f1, f2). */
import { ArmError, notFound } from "../../core/arm-error.ts";
import { triggerBackup } from "../../core/backup.ts";
import type { Operation } from "../../core/model.ts";
import { itemPath } from "../../core/names.ts";
import { itemView } from "../../views/item-view.ts";
import { operationView } from "../../views/operation-view.ts";
import { type ArmContext, type ArmResult, acceptedHeaders, bodyProperties, resolveItem } from "../context.ts";

export function trigger(ctx: ArmContext): ArmResult {
  const item = resolveItem(ctx);
  const props = bodyProperties(ctx.body, "BMSUserErrorInvalidInput");
  if (props.objectType !== "IaasVMBackupRequest") {
    throw new ArmError(
      400,
      "BMSUserErrorInvalidInput",
      "properties.objectType must be 'IaasVMBackupRequest'.",
    );
  }
  let expiry: number | undefined;
  const raw = props.recoveryPointExpiryTimeInUTC;
  if (raw !== undefined && raw !== null) {
    expiry = typeof raw === "string" ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(expiry)) {
      throw new ArmError(
        400,
        "BMSUserErrorInvalidInput",
        "recoveryPointExpiryTimeInUTC is not a valid date-time.",
      );
    }
  }
  const op = triggerBackup(ctx.sim, item, expiry);
  const path = itemPath(ctx.vault.id, item.containerName, item.itemName);
  // ref §2e: exactly 202, no body, with the three headers.
  return {
    status: 202,
    headers: acceptedHeaders(ctx, `${path}/operationResults/${op.id}`, `${path}/operationsStatus/${op.id}`),
  };
}

function itemOperation(ctx: ArmContext): { op: Operation; path: string } {
  const item = resolveItem(ctx);
  const op = ctx.sim.store.operations.get(ctx.params.op ?? "");
  if (!op || op.itemKey !== item.key) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupOperations",
      ctx.params.op ?? "",
      ctx.vault.resourceGroup,
    );
  }
  return { op, path: itemPath(ctx.vault.id, item.containerName, item.itemName) };
}

/** f1: 202 while running; then 200 with the item for a PUT (ref §2 table), 204 for a trigger (ref §2e). */
export function itemOperationResult(ctx: ArmContext): ArmResult {
  const { op, path } = itemOperation(ctx);
  if (op.status === "InProgress") {
    return { status: 202, headers: acceptedHeaders(ctx, `${path}/operationResults/${op.id}`) };
  }
  if (op.kind === "protection") {
    const item = resolveItem(ctx);
    return { status: 200, body: itemView(ctx.vault, item, false) };
  }
  return { status: 204 };
}

/** f2. */
export function itemOperationStatus(ctx: ArmContext): ArmResult {
  return { status: 200, body: operationView(itemOperation(ctx).op) };
}
