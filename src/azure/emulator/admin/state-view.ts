/** The admin snapshot of the world (`GET /_emulator/state`): compact, for tests and the demo console. */
import { instantPointCount } from "../core/backup.ts";
import type { Simulation } from "../core/simulation.ts";
import { iso } from "../core/time.ts";

export function stateView(sim: Simulation, query: URLSearchParams): object {
  const vaultFilter = query.get("vault")?.toLowerCase();
  const jobLimit = Number(query.get("jobs") ?? "500");
  const vaults = [];
  for (const vault of sim.store.vaults.values()) {
    if (vaultFilter && vault.name.toLowerCase() !== vaultFilter) continue;
    const jobs = sim.store.jobsByVault.get(vault.key) ?? [];
    vaults.push({
      subscriptionId: vault.subscriptionId,
      resourceGroup: vault.resourceGroup,
      name: vault.name,
      id: vault.id,
      policies: sim.store.policiesOf(vault.key).map((p) => ({
        name: p.name,
        timeZone: p.windowsTimeZone,
        ianaZone: p.ianaZone,
        frequency: p.frequency,
        runDays: p.runDays,
        runTimes: p.runTimes,
        instantRpRetentionDays: p.instantRpRetentionDays,
      })),
      items: (sim.store.itemsByVault.get(vault.key) ?? []).map((i) => ({
        vmName: i.vmName,
        containerName: i.containerName,
        itemName: i.itemName,
        protectionState: i.protectionState,
        policyName: i.policyName ?? null,
        instantRpCount: instantPointCount(i),
        recoveryPointCount: i.recoveryPoints.length,
        gcRuns: i.gcRuns,
        activeBackupJobId: i.activeBackupJobId ?? null,
        pendingOperationId: i.pendingOperationId ?? null,
        onDemandToday: i.onDemand,
      })),
      jobs: jobs
        .slice(Math.max(0, jobs.length - (Number.isFinite(jobLimit) ? jobLimit : 500)))
        .reverse()
        .map((j) => ({
          id: j.id,
          vmName: j.vmName,
          operation: j.operation,
          status: j.status,
          isUserTriggered: j.isUserTriggered,
          startTime: iso(j.start),
          endTime: j.end !== undefined ? iso(j.end) : null,
          error: j.error?.title ?? null,
        })),
    });
  }
  return { now: iso(sim.now()), pendingEvents: sim.queue.size, vaults };
}
