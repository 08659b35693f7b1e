/**
 * When to look at an Azure operation first. Azure answers every backup 202 with `Retry-After: 60`
 * whether the operation takes one second or five minutes, so that header says little; what an
 * operation of the same kind took lately says more. Each finished operation reports its own
 * `startTime` and `endTime`, and this keeps the last few durations per kind of operation (resume,
 * stop, backup) in the process: the first status read is timed at the duration most of them needed.
 *
 * Why it matters: every status read is an ARM read from the subscription's shared budget, and the
 * first read decides how soon the next step (the backup after a resume) can start. Looking too early
 * costs a read per write; too late delays the lifecycle by the difference. With no history yet (a
 * fresh process) the first read comes after the shortest interval, then backs off as before.
 */

/** Durations remembered per kind: enough for a stable quantile, few enough to follow a change. */
const KEPT = 16;
/** The share of recent operations that should be finished by the first look. */
const QUANTILE = 0.75;

export class OperationPace {
  readonly #durations = new Map<string, number[]>();

  /** Notes how long a finished operation of `kind` took, by Azure's own clock. */
  record(kind: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const kept = this.#durations.get(kind) ?? [];
    kept.push(durationMs);
    if (kept.length > KEPT) kept.shift();
    this.#durations.set(kind, kept);
  }

  /** How long most recent operations of `kind` took; undefined before the first one finished. */
  typicalMs(kind: string): number | undefined {
    const kept = this.#durations.get(kind);
    if (!kept || kept.length === 0) return undefined;
    const sorted = [...kept].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(QUANTILE * sorted.length) - 1)];
  }
}
