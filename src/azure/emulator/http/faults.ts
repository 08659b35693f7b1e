/**
 * Fault injection for ARM requests. Before a request takes effect: random 429, 500 or 503 (with
 * Retry-After) at given rates, and added latency. After a write took effect (the ambiguous answers a
 * real client meets): a 500, a 503 with Retry-After, or the connection reset mid-response, at a rate or
 * armed for the next writes of one operation. The randomness comes from a seeded PRNG so a test that
 * sets `{rate429: 0.1, seed: 7}` sees the same faults every run.
 */
import { Prng } from "../core/prng.ts";

export interface FaultSettings {
  rate429: number;
  rate5xx: number;
  /** 503 ServiceUnavailable with `Retry-After`, before the request takes effect. */
  rate503: number;
  /** Writes that take effect and are then answered with an ambiguous fault (500, 503 or a reset). */
  rateAfterWrite: number;
  /** The `Retry-After` (seconds) of injected 429s and 503s. */
  retryAfterSeconds: number;
  latencyMs: number;
  seed: number;
}

/** What a client sees of a write that took effect. */
export type AfterWriteFault = "500" | "503" | "reset";
export const AFTER_WRITE_FAULTS: readonly AfterWriteFault[] = ["500", "503", "reset"];

export interface ArmedAfterWrite {
  /** ARM operation name (e.g. `Backups_Trigger`); absent: any write. */
  operation?: string;
  fault: AfterWriteFault;
  /** How many more writes it applies to. */
  times: number;
}

const DEFAULTS: FaultSettings = {
  rate429: 0,
  rate5xx: 0,
  rate503: 0,
  rateAfterWrite: 0,
  retryAfterSeconds: 1,
  latencyMs: 0,
  seed: 1,
};

export class Faults {
  settings: FaultSettings = { ...DEFAULTS };
  /**
   * Responses held back after the request was processed, by operation name: the client sees a slow
   * answer to a write Azure already accepted (how crash tests die "after the POST, before the reply").
   */
  readonly holdResponses = new Map<string, number>();
  /** Ambiguous answers armed for the next writes, applied in order. */
  armedAfterWrite: ArmedAfterWrite[] = [];
  #rng = new Prng(1);

  configure(patch: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.#rng = new Prng(this.settings.seed);
  }

  /** Decides this request's fate; draws exactly one number per request to keep sequences reproducible. */
  draw(): "429" | "5xx" | "503" | undefined {
    const { rate429, rate5xx, rate503 } = this.settings;
    if (rate429 <= 0 && rate5xx <= 0 && rate503 <= 0) return undefined;
    const r = this.#rng.next();
    if (r < rate429) return "429";
    if (r < rate429 + rate5xx) return "5xx";
    if (r < rate429 + rate5xx + rate503) return "503";
    return undefined;
  }

  /** After a write took effect: the ambiguous answer it gets, if any (armed ones first). */
  drawAfterWrite(operation: string): AfterWriteFault | undefined {
    const armed = this.armedAfterWrite.find((a) => a.operation === undefined || a.operation === operation);
    if (armed) {
      armed.times -= 1;
      if (armed.times <= 0) this.armedAfterWrite = this.armedAfterWrite.filter((a) => a !== armed);
      return armed.fault;
    }
    if (this.settings.rateAfterWrite <= 0) return undefined;
    const r = this.#rng.next();
    if (r >= this.settings.rateAfterWrite) return undefined;
    const index = Math.floor((r / this.settings.rateAfterWrite) * AFTER_WRITE_FAULTS.length);
    return AFTER_WRITE_FAULTS[Math.min(index, AFTER_WRITE_FAULTS.length - 1)];
  }

  reset(): void {
    this.configure({ ...DEFAULTS });
    this.armedAfterWrite = [];
    this.holdResponses.clear();
  }
}
