/**
 * Shares one answer to a read among everyone who asks for the same key within `ttlMs` (and among
 * concurrent askers: single flight). Used for what many lifecycles read at once and Azure rarely
 * changes: a vault's protected-item listing (finding a VM needs the whole list; Azure has no
 * server-side name filter kura may rely on, ref §8.4) and backup policies. Without it a fan-out of
 * lifecycles repeats those reads per lifecycle — and again after every 429 — which is the first thing
 * ARM throttles. A cached protection state decides nothing that could go wrong: a lifecycle resumes
 * on a listed "stopped" (at worst a repeated, idempotent PUT) but re-reads a listed "protected", and
 * stop always re-reads the item.
 */
export class SharedReads {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { at: number; value: Promise<unknown> }>();
  #sweptAt = 0;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    this.#sweep(now);
    const entry = this.#entries.get(key);
    if (entry && now - entry.at < this.#ttlMs) return entry.value as Promise<T>;
    const value = load();
    this.#entries.set(key, { at: now, value });
    // A failure is never served to the next caller.
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }

  /** Expired entries go, so a long-running worker holds only the last few seconds of reads. */
  #sweep(now: number): void {
    if (this.#entries.size < 64 || now - this.#sweptAt < this.#ttlMs) return;
    this.#sweptAt = now;
    for (const [key, entry] of this.#entries) if (now - entry.at >= this.#ttlMs) this.#entries.delete(key);
  }

  /**
   * Rewrites a cached answer in place (keeping its age), so a change this process made itself shows
   * in what it serves next without another read. Nothing cached under `key`: nothing to do.
   */
  update<T>(key: string, change: (value: T) => T): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    const value = (entry.value as Promise<T>).then(change);
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    this.#entries.set(key, { at: entry.at, value });
  }

  /** Drops every entry whose key starts with `keyPrefix`: the next caller reads afresh. */
  forget(keyPrefix: string): void {
    for (const key of this.#entries.keys()) if (key.startsWith(keyPrefix)) this.#entries.delete(key);
  }
}
