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

/** One ARM request as the emulator saw it (`GET /_emulator/requests`, the most recent last). */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  /** The caller's `x-ms-client-request-id`, as ARM logs it for support cases. */
  clientRequestId: string | undefined;
}

/** How many recent requests the emulator keeps. */
const KEEP_REQUESTS = 2_000;

export class Stats {
  #s: StatsSnapshot = Stats.#empty();
  #requests: RecordedRequest[] = [];

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

  /** Keeps the request for `requests()`, dropping the oldest past a bound. */
  remember(request: Omit<RecordedRequest, "at">): void {
    this.#requests.push({ at: new Date().toISOString(), ...request });
    if (this.#requests.length > KEEP_REQUESTS)
      this.#requests.splice(0, this.#requests.length - KEEP_REQUESTS);
  }

  requests(): RecordedRequest[] {
    return structuredClone(this.#requests);
  }

  snapshot(): StatsSnapshot {
    return structuredClone(this.#s);
  }

  reset(): void {
    this.#s = Stats.#empty();
    this.#requests = [];
  }
}
