/**
 * When to look at an Azure operation first. Azure answers every backup 202 with `Retry-After: 60`
 * whether the operation takes one second or five minutes, so that header says little; what an
 * operation of the same kind took lately says more. Each finished operation reports its own
 * `startTime` and `endTime`, and this keeps the last few durations per kind of operation (resume,
 * stop, backup) in the process: the first status read is timed at the duration most of them needed.
 *
 * Why it matters: every status read is an ARM read from the subscription's shared budget, and the
 * first read decides how soon the next step (the backup after a resume) can start. Looking too early
 * costs a read per write; too late delays the lifecycle by the difference.
 *
 * With no history yet (a fresh process, and then typically a burst of approvals at once) one
 * operation of the kind is the scout: it looks early and often until it sees its operation done,
 * while the others wait for what it learns (`learnt`) instead of each looking blind. A few extra
 * reads, once per kind and process, buy every other operation of the burst a look timed on evidence.
 */

/** Durations remembered per kind: enough for a stable quantile, few enough to follow a change. */
const KEPT = 16;
/** The share of recent operations that should be finished by the first look. */
const QUANTILE = 0.75;

export class OperationPace {
  readonly #durations = new Map<string, number[]>();
  readonly #scouting = new Set<string>();
  readonly #listeners = new Map<string, Set<(typicalMs: number) => void>>();

  /** Notes how long a finished operation of `kind` took, by Azure's own clock. */
  record(kind: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const kept = this.#durations.get(kind) ?? [];
    kept.push(durationMs);
    if (kept.length > KEPT) kept.shift();
    this.#durations.set(kind, kept);
    const listeners = this.#listeners.get(kind);
    if (!listeners) return;
    this.#listeners.delete(kind);
    const typical = this.typicalMs(kind) ?? durationMs;
    for (const listener of listeners) listener(typical);
  }

  /** How long most recent operations of `kind` took; undefined before the first one finished. */
  typicalMs(kind: string): number | undefined {
    const kept = this.#durations.get(kind);
    if (!kept || kept.length === 0) return undefined;
    const sorted = [...kept].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(QUANTILE * sorted.length) - 1)];
  }

  /**
   * Makes the caller the scout of `kind` when nothing is known of it and nobody scouts it yet; the
   * scout looks early, and calls `endScout` once its operation ended (or its wait did).
   */
  scout(kind: string): boolean {
    if (this.#scouting.has(kind) || this.typicalMs(kind) !== undefined) return false;
    this.#scouting.add(kind);
    return true;
  }

  endScout(kind: string): void {
    this.#scouting.delete(kind);
  }

  /**
   * What operations of `kind` typically take, as soon as the next one finished, or undefined if none
   * did within `withinMs` (or `signal` aborted first).
   */
  learnt(kind: string, withinMs: number, signal?: AbortSignal): Promise<number | undefined> {
    return new Promise((resolve) => {
      const listeners = this.#listeners.get(kind) ?? new Set();
      this.#listeners.set(kind, listeners);
      const done = (typicalMs: number | undefined) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        listeners.delete(listener);
        if (listeners.size === 0 && this.#listeners.get(kind) === listeners) this.#listeners.delete(kind);
        resolve(typicalMs);
      };
      const listener = (typicalMs: number) => done(typicalMs);
      const onAbort = () => done(undefined);
      const timer = setTimeout(() => done(undefined), withinMs);
      listeners.add(listener);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
