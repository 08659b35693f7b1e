import type { RecoveryPoint } from "./ports/backup-gateway.ts";

/**
 * A point still held in the VM's restore point collection: its snapshot (instant) tier is valid.
 * These are what Azure counts against the 18-point limit; GC marks the tier Deleted when it cleans.
 */
export function isInstantRestorePoint(point: RecoveryPoint): boolean {
  return point.tiers.some((tier) => tier.type === "InstantRP" && tier.status === "Valid");
}
