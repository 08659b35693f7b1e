/** ARM request counters for benchmarks and tests (`GET /_emulator/stats`). */
export interface StatsSnapshot {
  total: number;
  reads: number;
  writes: number;
  throttled: number;
  faults: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  since: string;
}

export class Stats {
  #s: StatsSnapshot = Stats.#empty();

  static #empty(): StatsSnapshot {
    return {
      total: 0,
      reads: 0,
      writes: 0,
      throttled: 0,
      faults: 0,
      byOperation: {},
      byStatus: {},
      since: new Date().toISOString(),
    };
  }

  record(operation: string, kind: "reads" | "writes", status: number, fault: boolean): void {
    const s = this.#s;
    s.total += 1;
    s[kind] += 1;
    if (status === 429 && !fault) s.throttled += 1;
    if (fault) s.faults += 1;
    s.byOperation[operation] = (s.byOperation[operation] ?? 0) + 1;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
  }

  snapshot(): StatsSnapshot {
    return structuredClone(this.#s);
  }

  reset(): void {
    this.#s = Stats.#empty();
  }
}
