/** Jobs: list with `$filter` (ref §2h), details (§2g), cancel and its result (§2 h2, h3). */
import { notFound } from "../../core/arm-error.ts";
import { cancelJob } from "../../core/cancel.ts";
import type { Job } from "../../core/model.ts";
import { jobView } from "../../views/job-view.ts";
import { type ArmContext, type ArmResult, acceptedHeaders } from "../context.ts";
import { parseFilter, parseFilterDate } from "../odata-filter.ts";
import { page } from "../paging.ts";
import { pageRequest } from "./items.ts";

// SPEC JobQueryObject.
const JOB_FILTER_KEYS = [
  "status",
  "backupManagementType",
  "operation",
  "jobId",
  "startTime",
  "endTime",
] as const;

export function listJobs(ctx: ArmContext): ArmResult {
  const f = parseFilter(ctx.query.get("$filter"), JOB_FILTER_KEYS);
  const from = f.has("starttime") ? parseFilterDate(f.get("starttime") as string, "startTime") : undefined;
  const to = f.has("endtime") ? parseFilterDate(f.get("endtime") as string, "endTime") : undefined;
  const same = (key: string, actual: string) => {
    const want = f.get(key);
    return want === undefined || want.toLowerCase() === actual.toLowerCase();
  };
  const all = ctx.sim.store.jobsByVault.get(ctx.vault.key) ?? [];
  const matches: Job[] = [];
  // Newest first (inference: the portal and CLI show jobs that way). Jobs are stored in start order.
  for (let i = all.length - 1; i >= 0; i--) {
    const job = all[i] as Job;
    // Inference: startTime/endTime bound the job's start, the window the CLI asks for (ref §2h).
    if (from !== undefined && job.start < from) continue;
    if (to !== undefined && job.start > to) continue;
    if (!same("status", job.status) || !same("operation", job.operation) || !same("jobid", job.id)) continue;
    if (!same("backupmanagementtype", "AzureIaasVM")) continue;
    matches.push(job);
  }
  const now = ctx.sim.now();
  return { status: 200, body: page(matches, pageRequest(ctx), (j) => jobView(ctx.vault, j, now, false)) };
}

function resolveJob(ctx: ArmContext): Job {
  const job = ctx.sim.store.jobs.get(ctx.params.job ?? "");
  if (!job || job.vaultKey !== ctx.vault.key) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupJobs",
      ctx.params.job ?? "",
      ctx.vault.resourceGroup,
    );
  }
  return job;
}

export function getJob(ctx: ArmContext): ArmResult {
  return { status: 200, body: jobView(ctx.vault, resolveJob(ctx), ctx.sim.now(), true) };
}

export function cancel(ctx: ArmContext): ArmResult {
  const job = resolveJob(ctx);
  const op = cancelJob(ctx.sim, job);
  // EX:TriggerCancelJob: 202 with Location → …/backupJobs/{job}/operationResults/{op} and Retry-After.
  return {
    status: 202,
    headers: acceptedHeaders(ctx, `${ctx.vault.id}/backupJobs/${job.id}/operationResults/${op.id}`),
  };
}

export function jobOperationResult(ctx: ArmContext): ArmResult {
  const job = resolveJob(ctx);
  const op = ctx.sim.store.operations.get(ctx.params.op ?? "");
  if (op?.kind !== "cancel" || op.jobId !== job.id) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupJobs/operationResults",
      ctx.params.op ?? "",
      ctx.vault.resourceGroup,
    );
  }
  if (op.status === "InProgress") {
    return {
      status: 202,
      headers: acceptedHeaders(ctx, `${ctx.vault.id}/backupJobs/${job.id}/operationResults/${op.id}`),
    };
  }
  return { status: 204 };
}
