/**
 * Generated fleets spread over several subscriptions, for benchmarks (bench/gc-window.ts, bench/soak.ts):
 * one emulator `generateFleet` per subscription, with vault and VM names made unique across them
 * (kura finds VMs by name). ARM's throttling buckets are per subscription, so a fleet over N
 * subscriptions has N times the ARM budget of one.
 */
import { generateFleet, type SeedData } from "../src/azure/emulator/index.ts";

/** The subscription id of the `index`-th generated subscription (0-based): …-000000000001, …-000000000002. */
export function fleetSubscriptionId(index: number): string {
  return `00000000-0000-0000-0000-${String(index + 1).padStart(12, "0")}`;
}

/**
 * `vms` VMs in `vaults` vaults in each of `subscriptions` subscriptions. With one subscription the
 * names are generateFleet's own (vm-00001, rsv-fleet-01); with more, `s<n>-` / `-s<n>` tell them apart.
 */
export function subscriptionFleets(options: {
  vms: number;
  vaults: number;
  subscriptions: number;
}): SeedData[] {
  const { subscriptions } = options;
  return Array.from({ length: subscriptions }, (_, s) => {
    const fleet = generateFleet({
      vms: options.vms,
      vaults: options.vaults,
      subscriptionId: fleetSubscriptionId(s),
    });
    if (subscriptions === 1) return fleet;
    return {
      vaults: fleet.vaults.map((vault) => ({
        ...vault,
        name: `${vault.name}-s${s + 1}`,
        items: vault.items.map((item) => ({ ...item, vmName: `s${s + 1}-${item.vmName}` })),
      })),
    };
  });
}

/** All the subscriptions' fleets as one seed. */
export function mergeFleets(fleets: SeedData[]): SeedData {
  return { vaults: fleets.flatMap((fleet) => fleet.vaults) };
}
