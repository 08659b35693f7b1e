/**
 * Callers of one process waiting their turn for something scarce (a token of ARM's budget, a free
 * connection to ARM): `high` before `normal`, within a priority by `order` (a lifecycle's start time,
 * so its requester who waited longest goes first), then by arrival. Shared by the budget's token queue
 * (src/store/redis-arm-budget.ts) and the process's ARM connections (src/azure/arm-agent.ts), so both
 * let the same caller go first.
 */
import type { CallPriority } from "./commands/ports/backup-gateway.ts";

interface Waiter {
  /** `order` if the caller gave one; arrival order breaks ties and ranks the rest. */
  order: number;
  seq: number;
  resolve(): void;
  reject(err: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class PriorityLine {
  readonly #lanes: Record<CallPriority, Waiter[]> = { high: [], normal: [] };
  readonly #abortError: (signal: AbortSignal | undefined) => unknown;
  readonly #onEmptied: () => void;
  #seq = 0;

  /**
   * `abortError` is what a waiter whose signal aborts is rejected with; `onEmptied` is told when an
   * abort leaves the line empty (whoever serves it may stop waiting on its behalf).
   */
  constructor(abortError: (signal: AbortSignal | undefined) => unknown, onEmptied: () => void = () => {}) {
    this.#abortError = abortError;
    this.#onEmptied = onEmptied;
  }

  get size(): number {
    return this.#lanes.high.length + this.#lanes.normal.length;
  }

  /** Waits until `grant` lets this caller go, or its signal aborts. */
  add(priority: CallPriority, order: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const lane = this.#lanes[priority];
      const waiter: Waiter = {
        order: order ?? Number.POSITIVE_INFINITY,
        seq: this.#seq++,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = lane.indexOf(waiter);
          if (at >= 0) lane.splice(at, 1);
          reject(this.#abortError(signal));
          if (this.size === 0) this.#onEmptied();
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      // Kept sorted; the line is short (callers of one process), and most arrive in order anyway.
      let at = lane.length;
      while (at > 0 && before(waiter, lane[at - 1] as Waiter)) at--;
      lane.splice(at, 0, waiter);
    });
  }

  /** Lets the first `count` waiters go; returns how many there were to let go. */
  grant(count: number): number {
    let granted = 0;
    for (; granted < count; granted++) {
      const waiter = this.#lanes.high.shift() ?? this.#lanes.normal.shift();
      if (!waiter) break;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
    return granted;
  }

  /** Rejects every waiter with `err`. */
  failAll(err: unknown): void {
    for (const lane of [this.#lanes.high, this.#lanes.normal]) {
      for (const waiter of lane.splice(0)) {
        waiter.signal?.removeEventListener("abort", waiter.onAbort);
        waiter.reject(err);
      }
    }
  }
}

function before(a: Waiter, b: Waiter): boolean {
  return a.order < b.order || (a.order === b.order && a.seq < b.seq);
}

/**
 * A fixed number of slots, each handed on to the next in line (`PriorityLine`) when its holder is
 * done: a semaphore whose waiters are served by priority and order instead of first come.
 */
export class PrioritySlots {
  #free: number;
  readonly #line: PriorityLine;

  constructor(slots: number, abortError: (signal: AbortSignal | undefined) => unknown) {
    if (!(slots >= 1)) throw new RangeError("PrioritySlots needs at least one slot.");
    this.#free = slots;
    this.#line = new PriorityLine(abortError);
  }

  /** Waits for a slot; the function returned gives it back (calling it again does nothing). */
  async take(
    priority: CallPriority,
    order: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<() => void> {
    if (this.#free > 0 && this.#line.size === 0) this.#free--;
    else await this.#line.add(priority, order, signal);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (this.#line.grant(1) === 0) this.#free++;
    };
  }
}
