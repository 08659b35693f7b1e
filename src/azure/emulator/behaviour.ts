import type { BehaviourConfig } from "./types.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The documented defaults (docs/emulator.md, "Behaviour"). */
export const DEFAULT_BEHAVIOUR: Readonly<BehaviourConfig> = Object.freeze({
  snapshotMs: 10 * MINUTE,
  transferMs: 30 * MINUTE,
  protectionOperationMs: 20_000,
  triggerOperationMs: 2_000,
  cancelMs: 30_000,
  gcDelayMs: 6 * HOUR,
  gcIntervalMs: 24 * HOUR,
  rpCollectionLimit: 18,
  onDemandBackupsPerDay: 9,
  defaultOnDemandRetentionDays: 30,
  pageSize: 200,
  asyncRetryAfterSeconds: 60,
  diskSnapshotMs: 30_000,
  snapshotDeleteMs: 10_000,
  // ref §5: subscription reads 250 / 25 per s, writes 200 / 10 per s.
  throttle: Object.freeze({
    enabled: true,
    readBucket: 250,
    readRefillPerSecond: 25,
    writeBucket: 200,
    writeRefillPerSecond: 10,
  }),
});

/** Thrown for a behaviour patch that names an unknown key or carries a bad value. */
export class BehaviourError extends Error {}

/**
 * Returns `base` with `patch` applied. Unknown keys and non-numeric or negative values are refused, so a
 * typo in a test's patch fails loudly instead of silently keeping the default.
 */
export function mergeBehaviour(base: BehaviourConfig, patch: unknown): BehaviourConfig {
  if (patch === undefined || patch === null) return structuredClone(base);
  if (typeof patch !== "object" || Array.isArray(patch))
    throw new BehaviourError("behaviour must be an object");
  const next: BehaviourConfig = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (key === "throttle") {
      next.throttle = mergeThrottle(next.throttle, value);
      continue;
    }
    if (!(key in base) || typeof base[key as keyof BehaviourConfig] !== "number") {
      throw new BehaviourError(`unknown behaviour key '${key}'`);
    }
    (next as unknown as Record<string, number>)[key] = nonNegative(key, value);
  }
  if (next.pageSize < 1) throw new BehaviourError("pageSize must be at least 1");
  return next;
}

function mergeThrottle(base: BehaviourConfig["throttle"], patch: unknown): BehaviourConfig["throttle"] {
  if (typeof patch !== "object" || patch === null) throw new BehaviourError("throttle must be an object");
  const next = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "enabled") {
      if (typeof value !== "boolean") throw new BehaviourError("throttle.enabled must be a boolean");
      next.enabled = value;
    } else if (key in base) {
      (next as unknown as Record<string, number>)[key] = nonNegative(`throttle.${key}`, value);
    } else {
      throw new BehaviourError(`unknown throttle key '${key}'`);
    }
  }
  return next;
}

function nonNegative(key: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new BehaviourError(`${key} must be a non-negative number`);
  }
  return value;
}
