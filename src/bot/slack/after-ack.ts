/**
 * The work a Slack request asks for, done after its ack: once the requests arriving with it have been
 * acked too, and a few requests at a time.
 *
 * Slack shows the user an error when a request is not acked within 3 s, and Bolt acks on the same
 * event loop that then does the work (people lookups, the core, Redis, Azure reads, the card). In a
 * burst, work already under way competes with the requests still waiting for their ack: its I/O
 * completions queue in front of the new requests' bytes, and the Redis, Azure and Slack calls it
 * makes load the same cores. Measured with bench/slack-ack.ts (200 commands at once): with the work
 * switched off kura acks like a bare Bolt app (p99 ×0.99–1.1); with the work running as each ack
 * went out, ×1.25–3.5. So a request's work waits until no new request has come for a moment (the
 * burst is acked), at most a second, then runs with a few others at a time; the card comes a
 * moment later in a burst, and at once otherwise.
 */

/** Requests worked on at once per process; a command's work is a few round trips, so 8 serve ~100/s. */
export const WORK_CONCURRENCY = 8;
/** No new request for this long: the burst (if any) has been acked. */
export const QUIET_MS = 20;
/** The longest a request's work waits for a quiet moment: a steady stream has none. */
export const MAX_WAIT_MS = 1_000;

interface Waiting {
  since: number;
  start: () => void;
}

export class AfterAck {
  readonly #concurrency: number;
  readonly #waiting: Waiting[] = [];
  #active = 0;
  #lastArrival = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;

  constructor(concurrency: number = WORK_CONCURRENCY) {
    this.#concurrency = concurrency;
  }

  /** Runs `work` once the requests arriving with this one are acked and a turn is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const since = performance.now();
    this.#lastArrival = since;
    await new Promise<void>((start) => {
      this.#waiting.push({ since, start });
      this.#pump();
    });
    try {
      return await work();
    } finally {
      this.#active -= 1;
      this.#pump();
    }
  }

  /** Starts what may start now; otherwise looks again when the quiet moment or the longest wait is due. */
  #pump(): void {
    if (this.#timer !== undefined) return;
    while (this.#waiting.length > 0 && this.#active < this.#concurrency) {
      const now = performance.now();
      const oldest = this.#waiting[0] as Waiting;
      const quietIn = this.#lastArrival + QUIET_MS - now;
      const overdueIn = oldest.since + MAX_WAIT_MS - now;
      if (quietIn > 0 && overdueIn > 0) {
        this.#timer = setTimeout(
          () => {
            this.#timer = undefined;
            this.#pump();
          },
          Math.ceil(Math.min(quietIn, overdueIn)),
        );
        return;
      }
      this.#waiting.shift();
      this.#active += 1;
      oldest.start();
    }
  }
}
