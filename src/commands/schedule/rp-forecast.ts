/**
 * Forecast of a VM's restore point collection against Azure's limit. Azure fails backups with
 * `UserErrorRpCollectionLimitReached` once the collection holds 18 points, and only GC removes
 * points from it, and GC runs only while protection is ON (some time within 24 h of it turning on).
 *
 * The model, kept deliberately simple and pessimistic:
 * - Until GC next runs, nothing leaves the collection, however long ago a point's instant tier
 *   expired (that is how a stopped VM piles up points). Ad-hoc backups add `adHocPerDay` points a day.
 * - The next GC is assumed at the worst case: the next window's `opensAt` + 24 h (`gcBy`).
 * - GC removes exactly the points whose instant-tier expiry has passed when it runs; a point with
 *   no known expiry is assumed to stay.
 * Advice follows: if the limit comes before `gcBy`, GC must come sooner (an emergency window) —
 * unless nothing would have expired by then, when only shorter retention helps; if the collection
 * is merely high, wait for the window — unless it would still be high after it (retention too long).
 */
import { DAY_MS, HOUR_MS } from "./wall-clock.ts";

/** Azure refuses a backup when the VM's restore point collection holds this many points. */
export const RP_COLLECTION_LIMIT = 18;
/** From this many points, kura warns before taking another ad-hoc backup. */
export const DEFAULT_RP_WARN_AT = 15;
/** GC runs within this long after protection becomes active; we assume the worst. */
export const GC_WORST_CASE_DELAY_MS = 24 * HOUR_MS;

export type RpLevel = "ok" | "warn" | "limit";
export type RpAdvice = "none" | "wait-for-window" | "emergency-window" | "lower-retention";

/** True when a backup now would fail: the collection is already at the limit (refuse). */
export function wouldExceedLimit(count: number, limit = RP_COLLECTION_LIMIT): boolean {
  return count >= limit;
}

/** True when kura should warn (but may proceed): the collection is at or past the warn threshold. */
export function isNearLimit(count: number, warnAt = DEFAULT_RP_WARN_AT): boolean {
  return count >= warnAt;
}

export function rpLevel(count: number, limit = RP_COLLECTION_LIMIT, warnAt = DEFAULT_RP_WARN_AT): RpLevel {
  if (wouldExceedLimit(count, limit)) return "limit";
  return isNearLimit(count, warnAt) ? "warn" : "ok";
}

/**
 * One point of the collection. Shaped like the port's `RecoveryPoint` so its list can be passed as is,
 * provided `expiry` is the instant (snapshot) tier's expiry. `time` is not used by the model.
 */
export interface RestorePointSample {
  time: Date;
  /** When the instant tier expires; unknown counts as "stays through GC". */
  expiry: Date | undefined;
}

export interface RpForecastInput {
  now: Date;
  /** Every point in the VM's restore point collection, expired or not. */
  restorePoints: readonly RestorePointSample[];
  /** @defaultValue {@link RP_COLLECTION_LIMIT} (18) */
  limit?: number;
  /** @defaultValue {@link DEFAULT_RP_WARN_AT} (15) */
  warnAt?: number;
  /** Recent ad-hoc backups per day for this VM (0 when none are expected). */
  adHocPerDay: number;
  /** `opensAt` of the next GC window, or of the current one while it is open. */
  nextWindowOpensAt: Date;
}

export interface RpForecast {
  count: number;
  /** Backups still possible before Azure refuses. */
  headroom: number;
  level: RpLevel;
  /** When the collection is expected to reach the limit (now if it has); absent at a zero rate. */
  reachesLimitAt?: Date;
  /** Worst-case time of the next GC: the window's opening + 24 h. */
  gcBy: Date;
  /** The limit is expected at or before `gcBy`. */
  beforeNextGc: boolean;
  advice: RpAdvice;
}

export function forecastRestorePoints(input: RpForecastInput): RpForecast {
  const { now, restorePoints, adHocPerDay } = input;
  const limit = input.limit ?? RP_COLLECTION_LIMIT;
  const warnAt = input.warnAt ?? DEFAULT_RP_WARN_AT;
  if (!(adHocPerDay >= 0 && Number.isFinite(adHocPerDay))) {
    throw new RangeError("adHocPerDay must be a finite, non-negative number");
  }
  const count = restorePoints.length;
  const headroom = Math.max(0, limit - count);
  const level = rpLevel(count, limit, warnAt);
  const gcBy = new Date(input.nextWindowOpensAt.getTime() + GC_WORST_CASE_DELAY_MS);

  let reachesLimitAt: Date | undefined;
  if (headroom === 0) reachesLimitAt = now;
  else if (adHocPerDay > 0)
    reachesLimitAt = new Date(now.getTime() + Math.ceil((headroom / adHocPerDay) * DAY_MS));
  const beforeNextGc = reachesLimitAt !== undefined && reachesLimitAt.getTime() <= gcBy.getTime();

  const expiredBy = (at: number): number =>
    restorePoints.filter((p) => p.expiry !== undefined && p.expiry.getTime() <= at).length;

  let advice: RpAdvice = "none";
  if (level === "limit" || beforeNextGc) {
    // An emergency window opened now has GC by now + 24 h at worst; it helps only if points expire.
    advice = expiredBy(now.getTime() + GC_WORST_CASE_DELAY_MS) > 0 ? "emergency-window" : "lower-retention";
  } else if (level === "warn") {
    advice = count - expiredBy(gcBy.getTime()) >= warnAt ? "lower-retention" : "wait-for-window";
  }
  const forecast: RpForecast = { count, headroom, level, gcBy, beforeNextGc, advice };
  if (reachesLimitAt !== undefined) forecast.reachesLimitAt = reachesLimitAt;
  return forecast;
}
