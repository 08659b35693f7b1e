/**
 * The restore point check after backups, one run per vault: every VM of the vault waiting in the
 * backlog is checked with one listing of the vault's items and one of its jobs, however many backups
 * asked. A VM leaves the backlog only once checked, so a run that fails or dies loses none.
 */
import { KuraError } from "../errors.ts";
import type { RpCheckBacklog } from "../gc/ports.ts";
import type { VaultRef } from "../ports/backup-gateway.ts";
import { type RpWatchDeps, type RpWatchReport, watchRestorePoints } from "./check-restore-points.ts";

export async function checkRestorePointsAfterBackups(
  deps: RpWatchDeps,
  backlog: RpCheckBacklog,
  vault: VaultRef,
  signal?: AbortSignal,
): Promise<RpWatchReport> {
  const waiting = await backlog.pending(vault);
  if (waiting.length === 0) return { checked: 0, warned: [], overdue: [], failures: [] };
  const report = await watchRestorePoints(deps, { vault, vmNames: waiting.map((w) => w.vmName) }, signal);
  const failed = new Set(report.failures.map((f) => f.vmName.toLowerCase()));
  // A VM not found in the vault (gone, unmanaged) is done too: there is nothing to check.
  await backlog.done(
    vault,
    waiting.filter((w) => !failed.has(w.vmName.toLowerCase())),
  );
  if (report.failures.length > 0) {
    throw new KuraError(
      "AZURE_UNAVAILABLE",
      `The restore point check failed for ${report.failures
        .map((f) => `${f.vmName} (${f.message})`)
        .join(", ")} in vault ${vault.name}.`,
      { remedy: "The check is retried; those VMs stay waiting for it, and the daily watch checks every VM." },
    );
  }
  return report;
}
