/**
 * The work a Slack request asks for, done after its ack and a few requests at a time.
 *
 * Slack shows the user an error when a request is not acked within 3 s, and Bolt acks on the same
 * event loop that then does the work (people lookups, the core, Redis, Azure reads, the reply). In a
 * burst every piece of work already started competes with the requests still waiting for their ack:
 * their I/O completions queue in front of the new requests' bytes, and the Redis, Azure and Slack
 * calls they make load the same cores. Measured (bench/slack-ack.ts, 200 commands at once): acks
 * wait behind the earlier commands' work when it all runs at once, and not when a few run at a time.
 * The work itself is not delayed more than a burst already delays it, it only queues instead of
 * interleaving.
 */

/** Requests worked on at once per process; a command's work is a few round trips, so 8 serve ~100/s. */
export const WORK_CONCURRENCY = 8;

export class AfterAck {
  readonly #concurrency: number;
  readonly #waiting: (() => void)[] = [];
  #active = 0;

  constructor(concurrency: number = WORK_CONCURRENCY) {
    this.#concurrency = concurrency;
  }

  /** Requests waiting for a turn (not counting the ones being worked on). */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `work` once the requests already read have been acked and a turn is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    // setImmediate runs after the pending I/O callbacks: requests already on the wire are acked first.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#active < this.#concurrency) this.#active += 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The turn passes straight to the next one waiting, so `#active` only drops when none is.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}
