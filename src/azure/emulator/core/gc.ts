/**
 * Garbage collection of the restore point collection (ref §7 and procedure.md): it runs only while
 * protection is active — first `gcDelayMs` after protection becomes active, then every `gcIntervalMs` —
 * and never while protection is stopped, which is how the 18-point limit builds up.
 */
import type { Item } from "./model.ts";
import type { Simulation } from "./simulation.ts";

/** Queues the first GC run of a new protection period (the item's epoch identifies the period). */
export function startGc(sim: Simulation, item: Item): void {
  sim.schedule(sim.now() + sim.behaviour.gcDelayMs, { kind: "gc", itemKey: item.key, epoch: item.epoch });
}

export function onGc(sim: Simulation, itemKey: string, epoch: number): void {
  const item = sim.store.items.get(itemKey);
  // A run queued during an earlier protection period is void: protection was stopped since.
  if (!item || item.epoch !== epoch || item.protectionState !== "Protected") return;
  collect(item, sim.now());
  sim.schedule(sim.now() + sim.behaviour.gcIntervalMs, { kind: "gc", itemKey, epoch });
}

/** Marks expired snapshots Deleted (they leave the collection) and removes points past their expiry. */
export function collect(item: Item, now: number): void {
  item.gcRuns += 1;
  item.recoveryPoints = item.recoveryPoints.filter((rp) => {
    if (rp.expiry <= now && rp.hardened) return false;
    if (rp.instant === "Valid" && rp.instantExpiry <= now) rp.instant = "Deleted";
    return true;
  });
}
