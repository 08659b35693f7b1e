/**
 * A large, deterministic fleet for benchmarks (`--vms 2000 --vaults 4`). Same arguments, same fleet.
 */
import type { SeedData, SeedItem, SeedRecoveryPoint } from "../types.ts";

export interface FleetOptions {
  vms: number;
  vaults: number;
  /** @defaultValue "00000000-0000-0000-0000-000000000001" */
  subscriptionId?: string;
}

/**
 * Spreads `vms` VMs round-robin over `vaults` vaults. Every tenth VM is Protected, the rest stopped; instant
 * point counts cycle 0…18 so some VMs sit at the restore point collection limit.
 */
export function generateFleet(options: FleetOptions): SeedData {
  const subscriptionId = options.subscriptionId ?? "00000000-0000-0000-0000-000000000001";
  const vaultCount = Math.max(1, Math.floor(options.vaults));
  const vaults: SeedData["vaults"] = [];
  for (let v = 0; v < vaultCount; v++) {
    vaults.push({
      subscriptionId,
      resourceGroup: "rg-kura-fleet",
      name: `rsv-fleet-${String(v + 1).padStart(2, "0")}`,
      location: "japaneast",
      policies: [
        {
          name: "weekly-wed",
          timeZone: "Tokyo Standard Time",
          frequency: "Weekly",
          runDays: ["Wednesday"],
          runTimes: ["10:00"],
          instantRpRetentionDays: 2,
          retentionCount: 4,
        },
        {
          name: "daily-2300",
          timeZone: "UTC",
          frequency: "Daily",
          runTimes: ["23:00"],
          instantRpRetentionDays: 2,
          retentionCount: 7,
        },
      ],
      items: [],
    });
  }
  for (let i = 0; i < options.vms; i++) {
    const vault = vaults[i % vaultCount];
    vault?.items.push(fleetVm(i));
  }
  return { vaults };
}

function fleetVm(i: number): SeedItem {
  const points: SeedRecoveryPoint[] = [];
  const instant = i % 19;
  for (let p = 0; p < instant; p++) points.push({ ageHours: 6 + p * 20, retainDays: 30, instant: true });
  return {
    vmName: `vm-${String(i + 1).padStart(5, "0")}`,
    vmResourceGroup: `rg-fleet-app-${String((i % 50) + 1).padStart(2, "0")}`,
    protectionState: i % 10 === 0 ? "Protected" : "ProtectionStopped",
    policyName: i % 2 === 0 ? "weekly-wed" : "daily-2300",
    recoveryPoints: points,
  };
}
