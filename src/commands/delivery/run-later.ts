/**
 * "Run this delivery again later": an edit slot is busy, another process is posting the message's
 * first version, or the platform said wait (a 429 with Retry-After). Nothing failed; the queue
 * consumer moves the job to its delayed set (BullMQ: moveToDelayed + DelayedError), keeping it.
 */
export class RunLater extends Error {
  /** How long to wait before running again. */
  readonly waitMs: number;
  readonly reason: "edit slot busy" | "first post in progress" | "rate limited";

  constructor(waitMs: number, reason: RunLater["reason"]) {
    super(`run again in ${Math.round(waitMs)} ms (${reason})`);
    this.name = "RunLater";
    this.waitMs = Math.max(1, waitMs);
    this.reason = reason;
  }
}

export function isRunLater(value: unknown): value is RunLater {
  return value instanceof RunLater;
}
