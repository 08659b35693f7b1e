/**
 * How a notification job waits without failing: it moves itself to BullMQ's delayed set and ends
 * with `DelayedError`, so it runs again later, keeps its attempts, and nothing is lost. Used for
 * Slack's 429 (wait out `Retry-After`) and for coalescing (wait for the message's next edit slot).
 */
import { DelayedError, type Job } from "bullmq";

/** Thrown inside a handler: "run this job again at `atMs`". */
export class Reschedule extends Error {
  readonly atMs: number;
  readonly reason: string;

  constructor(atMs: number, reason: string) {
    super(`rescheduled (${reason})`);
    this.name = "Reschedule";
    this.atMs = atMs;
    this.reason = reason;
  }
}

/** Slack's 429 as `@slack/web-api` reports it with `rejectRateLimitedCalls` (seconds to wait). */
export function retryAfterMs(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number } | undefined;
  return e?.code === "slack_webapi_rate_limited_error" && typeof e.retryAfter === "number"
    ? Math.max(1, e.retryAfter) * 1_000
    : undefined;
}

/** Turns `Reschedule` and Slack's 429 into a delayed retry of `job`; other errors propagate. */
export async function runOrDelay(
  job: Job,
  token: string | undefined,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const waitMs = retryAfterMs(error);
    const at =
      error instanceof Reschedule ? error.atMs : waitMs === undefined ? undefined : Date.now() + waitMs;
    if (at === undefined) throw error;
    await job.moveToDelayed(at, token);
    throw new DelayedError();
  }
}
