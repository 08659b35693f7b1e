/**
 * The procedure's rule "take ad-hoc backups at times that do not overlap the weekly scheduled
 * backup", as a pure check. An ad-hoc backup turns protection ON for its whole lifecycle, so if a
 * scheduled run falls inside it, Azure takes the scheduled backup too (and two jobs contend for the
 * same restore point collection). A collision is an expected outcome, returned as a value.
 */
import type { PolicySchedule } from "../ports/backup-gateway.ts";
import { scheduledRunsBetween } from "./policy-runs.ts";
import { DAY_MS, HOUR_MS } from "./wall-clock.ts";

/** How far either side of a scheduled run an ad-hoc backup must keep away. */
export interface CollisionMargin {
  /**
   * Before the run: an ad-hoc lifecycle started this long before the run must have finished (resume
   * protection, snapshot, stop protection) before the scheduler can fire.
   * @defaultValue 2 h
   */
  beforeMs: number;
  /**
   * After the run: Azure starts a scheduled VM backup up to 2 h after its scheduled time, and its
   * "Take Snapshot" phase then takes a while more; we allow 1 h for it.
   * @defaultValue 3 h
   */
  afterMs: number;
}

/** 2 h before (our own lifecycle), 3 h after (2 h start jitter + 1 h snapshot). */
export const DEFAULT_COLLISION_MARGIN: Readonly<CollisionMargin> = Object.freeze({
  beforeMs: 2 * HOUR_MS,
  afterMs: 3 * HOUR_MS,
});

export interface CollisionInput {
  schedule: PolicySchedule;
  now: Date;
  /** @defaultValue {@link DEFAULT_COLLISION_MARGIN} */
  margin?: CollisionMargin;
}

export type CollisionResult =
  | { collides: false }
  | {
      collides: true;
      /** The earliest scheduled run whose guard interval contains `now`. */
      scheduledRun: Date;
      /**
       * The first instant after that interval that is inside no other run's interval (1 ms after the
       * interval's closed end). Undefined only when the schedule leaves no safe instant within 8 days,
       * e.g. an Hourly policy (assumed to run every hour): such a policy cannot host ad-hoc backups.
       */
      nextSafeTime: Date | undefined;
    };

/** How far ahead we look for a safe instant before giving up. */
const SAFE_SEARCH_SPAN_MS = 8 * DAY_MS;

/**
 * Collides when `now ∈ [run − beforeMs, run + afterMs]` (both ends closed) for any scheduled run.
 * Equivalently, when some run lies in `[now − afterMs, now + beforeMs]`, which is what we search.
 */
export function checkScheduleCollision(input: CollisionInput): CollisionResult {
  const { schedule, now } = input;
  const margin = input.margin ?? DEFAULT_COLLISION_MARGIN;
  if (!(margin.beforeMs >= 0 && margin.afterMs >= 0 && Number.isFinite(margin.beforeMs + margin.afterMs))) {
    throw new RangeError("Collision margins must be finite, non-negative milliseconds");
  }
  const runsGuarding = (at: number): Date[] =>
    scheduledRunsBetween(schedule, new Date(at - margin.afterMs), new Date(at + margin.beforeMs + 1));

  const first = runsGuarding(now.getTime());
  const scheduledRun = first[0];
  if (scheduledRun === undefined) return { collides: false };

  // Step past the latest run guarding the candidate until no run guards it. Each step moves past at
  // least one run, so this ends; the span bound only stops schedules that never leave a gap.
  let candidate = now.getTime();
  let guarding = first;
  while (guarding.length > 0) {
    const latest = guarding.at(-1) as Date;
    candidate = latest.getTime() + margin.afterMs + 1;
    if (candidate - now.getTime() > SAFE_SEARCH_SPAN_MS) {
      return { collides: true, scheduledRun, nextSafeTime: undefined };
    }
    guarding = runsGuarding(candidate);
  }
  return { collides: true, scheduledRun, nextSafeTime: new Date(candidate) };
}
