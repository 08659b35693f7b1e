/**
 * What the preflight step would say if the backup ran now, for the approval card: the same rules
 * (`evaluatePreflight`) over the same facts read through the gateway. A preview informs the approver;
 * it never blocks the request, and the worker checks again when the backup starts.
 */
import { isKuraError } from "../errors.ts";
import { evaluatePreflight, type PreflightSettings, type PreflightVerdict } from "../lifecycle/preflight.ts";
import type { BackupGateway, ProtectedVm } from "../ports/backup-gateway.ts";

export interface PreflightPreview {
  rpLimit: number;
  /** Restore points in the VM's collection now, when Azure answered. */
  instantRestorePoints?: number;
  verdict?: PreflightVerdict;
  /** Why the preview is missing or partial (an error code, or `NO_POLICY`). */
  unavailable?: string;
}

export interface PreviewDeps {
  gateway: BackupGateway;
  settings: PreflightSettings & { fallbackPolicyByVault?: Readonly<Record<string, string>> };
}

/** Reads the facts and evaluates them; Azure errors become `unavailable`, never a throw. */
export async function previewPreflight(
  vmName: string,
  now: Date,
  deps: PreviewDeps,
): Promise<PreflightPreview> {
  const { gateway, settings } = deps;
  const preview: PreflightPreview = { rpLimit: settings.rpLimit };
  try {
    const vm = await gateway.findVm(vmName);
    preview.instantRestorePoints = await gateway.countInstantRestorePoints(vm);
    const policyName = vm.policyId || vm.policyName || settings.fallbackPolicyByVault?.[vm.vault.name];
    if (!policyName) return { ...preview, unavailable: "NO_POLICY" };
    const policy = await gateway.getPolicy(vm.vault, policyName);
    const onDemandToday = await countOnDemandToday(gateway, vm, now);
    preview.verdict = evaluatePreflight(
      { now, vm, policy, instantRestorePoints: preview.instantRestorePoints, onDemandToday },
      settings,
    );
    return preview;
  } catch (error) {
    if (isKuraError(error)) return { ...preview, unavailable: error.code };
    throw error;
  }
}

/** On-demand backups of this VM Azure started since 00:00 UTC (Azure's per-day limit counts those). */
async function countOnDemandToday(gateway: BackupGateway, vm: ProtectedVm, now: Date): Promise<number> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const jobs = await gateway.listJobs(vm.vault, { since, operation: "Backup" });
  const name = vm.vmName.toLowerCase();
  return jobs.filter((job) => job.isUserTriggered && job.vmName.toLowerCase() === name).length;
}
