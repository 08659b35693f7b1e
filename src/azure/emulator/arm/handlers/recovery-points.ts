/** Recovery points of an item: list with `$filter` and get (ref §2i). */
import { notFound } from "../../core/arm-error.ts";
import type { RecoveryPoint } from "../../core/model.ts";
import { rpView } from "../../views/rp-view.ts";
import { type ArmContext, type ArmResult, resolveItem } from "../context.ts";
import { parseFilter, parseFilterDate } from "../odata-filter.ts";
import { page } from "../paging.ts";
import { pageRequest } from "./items.ts";

// SPEC BMSRPQueryObject.
const RP_FILTER_KEYS = [
  "startDate",
  "endDate",
  "restorePointQueryType",
  "extendedInfo",
  "moveReadyRPOnly",
  "includeSoftDeletedRP",
] as const;

export function listRecoveryPoints(ctx: ArmContext): ArmResult {
  const item = resolveItem(ctx);
  const f = parseFilter(ctx.query.get("$filter"), RP_FILTER_KEYS);
  const from = f.has("startdate") ? parseFilterDate(f.get("startdate") as string, "startDate") : undefined;
  const to = f.has("enddate") ? parseFilterDate(f.get("enddate") as string, "endDate") : undefined;
  const points: RecoveryPoint[] = [];
  // Newest first, like the examples (inference from EX:RecoveryPoints_List ordering).
  for (let i = item.recoveryPoints.length - 1; i >= 0; i--) {
    const rp = item.recoveryPoints[i] as RecoveryPoint;
    if ((from === undefined || rp.time >= from) && (to === undefined || rp.time <= to)) points.push(rp);
  }
  return { status: 200, body: page(points, pageRequest(ctx), (rp) => rpView(ctx.vault, item, rp)) };
}

export function getRecoveryPoint(ctx: ArmContext): ArmResult {
  const item = resolveItem(ctx);
  const rp = item.recoveryPoints.find((p) => p.id === ctx.params.rp);
  if (!rp) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints",
      ctx.params.rp ?? "",
      ctx.vault.resourceGroup,
    );
  }
  return { status: 200, body: rpView(ctx.vault, item, rp) };
}
