/** Turns validated seed data into simulation state and queues the initial events (GC, schedules). */
import { seedComputeVm } from "../compute/seed.ts";
import { startGc } from "../core/gc.ts";
import type { Item, Policy } from "../core/model.ts";
import { containerName, itemKey, itemName, vaultId, vaultKey } from "../core/names.ts";
import { ianaZone, scheduleNextRun } from "../core/schedule.ts";
import type { Simulation } from "../core/simulation.ts";
import { DAY_MS } from "../core/time.ts";
import type { SeedData, SeedVault } from "../types.ts";
import { SeedError } from "./schema.ts";

const HOUR_MS = 3_600_000;

export function loadSeed(sim: Simulation, seed: SeedData): void {
  for (const seedVault of seed.vaults) loadVault(sim, seedVault);
}

function loadVault(sim: Simulation, sv: SeedVault): void {
  const store = sim.store;
  const key = vaultKey(sv.subscriptionId, sv.resourceGroup, sv.name);
  if (store.vaults.has(key)) throw new SeedError(`duplicate vault '${sv.name}'`);
  store.addVault({
    key,
    subscriptionId: sv.subscriptionId,
    resourceGroup: sv.resourceGroup,
    name: sv.name,
    location: sv.location ?? "japaneast",
    id: vaultId(sv.subscriptionId, sv.resourceGroup, sv.name),
  });
  for (const sp of sv.policies) {
    let zone: string;
    try {
      zone = ianaZone(sp.timeZone);
    } catch {
      throw new SeedError(`policy '${sp.name}': unknown Windows time zone '${sp.timeZone}'`);
    }
    const policy: Policy = {
      key: `${key}/${sp.name.toLowerCase()}`,
      vaultKey: key,
      name: sp.name,
      windowsTimeZone: sp.timeZone,
      ianaZone: zone,
      frequency: sp.frequency,
      runDays: sp.runDays ?? [],
      runTimes: sp.runTimes,
      instantRpRetentionDays: sp.instantRpRetentionDays ?? 2,
      retentionCount: sp.retentionCount ?? (sp.frequency === "Weekly" ? 4 : 30),
    };
    store.policies.set(policy.key, policy);
    scheduleNextRun(sim, policy, sim.now());
  }
  const now = sim.now();
  for (const si of sv.items) {
    const policy = si.policyName ? store.policy(key, si.policyName) : undefined;
    if (si.policyName && !policy) throw new SeedError(`VM '${si.vmName}': unknown policy '${si.policyName}'`);
    if (si.protectionState === "Protected" && !policy) {
      throw new SeedError(`VM '${si.vmName}': a Protected item needs a policy`);
    }
    const container = containerName(si.vmResourceGroup, si.vmName);
    const name = itemName(si.vmResourceGroup, si.vmName);
    const ik = itemKey(key, container, name);
    if (store.items.has(ik)) throw new SeedError(`duplicate VM '${si.vmName}' in vault '${sv.name}'`);
    const instantDays = policy?.instantRpRetentionDays ?? 2;
    const points = [...(si.recoveryPoints ?? [])].sort((a, b) => b.ageHours - a.ageHours);
    const item: Item = {
      key: ik,
      vaultKey: key,
      vmName: si.vmName,
      vmResourceGroup: si.vmResourceGroup,
      containerName: container,
      itemName: name,
      protectionState: si.protectionState,
      policyName: policy?.name,
      lastBackupTime: undefined,
      lastBackupStatus: undefined,
      dataId: String(17_592_186_044_416 + store.items.size),
      epoch: 0,
      activeBackupJobId: undefined,
      pendingOperationId: undefined,
      onDemand: { day: "", count: 0 },
      recoveryPoints: points.map((p) => {
        const time = Math.floor(now - p.ageHours * HOUR_MS);
        return {
          id: store.nextRecoveryPointId(),
          time,
          expiry: time + p.retainDays * DAY_MS,
          instantExpiry: time + instantDays * DAY_MS,
          instant: p.instant === false ? "Deleted" : "Valid",
          hardened: true,
        };
      }),
      gcRuns: 0,
    };
    const newest = item.recoveryPoints.at(-1);
    if (newest) {
      item.lastBackupTime = newest.time;
      item.lastBackupStatus = "Completed";
    }
    store.addItem(item);
    seedComputeVm(sim, sv.subscriptionId, sv.location ?? "japaneast", si);
    if (item.protectionState === "Protected") startGc(sim, item);
  }
}
