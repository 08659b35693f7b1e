/** How the core hands approved work to the workers. */
export interface LifecycleQueue {
  /** Idempotent: the job id is the request id, so a request can never be enqueued twice. */
  enqueue(requestId: string): Promise<void>;
  /** Removes a job that has not started yet; false if it is running or gone. */
  removeIfWaiting(requestId: string): Promise<boolean>;
  /**
   * Where the request's job is: `live` (waiting, delayed or running: someone will run it), `failed`
   * (the queue gave up on it), `finished` (it completed) or `missing` (never enqueued, or removed).
   */
  jobState(requestId: string): Promise<LifecycleJobState>;
  /** Gives a failed or missing job one more run (keeping its checkpoint), e.g. to carry out a cancel. */
  revive(requestId: string): Promise<void>;
}

export type LifecycleJobState = "live" | "failed" | "finished" | "missing";

/**
 * The notification queues, defined once for their producer (the event sink, src/store) and their
 * consumers (the delivery consumer and the log printer, src/worker). There is one queue per chat
 * platform, `<base>.<platform>` (e.g. `kura-notify.slack`), so a process consumes only the events of
 * the platforms it runs; with no platform configured, events go to `<base>` for the log printer.
 * Every job is named `NOTIFICATION_JOB` and carries one `KuraEvent` as its data.
 */
export const NOTIFICATION_JOB = "event";

export function notificationQueueName(base: string, platform?: string): string {
  return platform === undefined ? base : `${base}.${platform}`;
}
