/**
 * Fault injection for ARM requests: random 429/5xx at given rates and added latency. The randomness comes
 * from a seeded PRNG so a test that sets `{rate429: 0.1, seed: 7}` sees the same faults every run.
 */
import { Prng } from "../core/prng.ts";

export interface FaultSettings {
  rate429: number;
  rate5xx: number;
  latencyMs: number;
  seed: number;
}

export class Faults {
  settings: FaultSettings = { rate429: 0, rate5xx: 0, latencyMs: 0, seed: 1 };
  /**
   * Responses held back after the request was processed, by operation name: the client sees a slow
   * answer to a write Azure already accepted (how crash tests die "after the POST, before the reply").
   */
  readonly holdResponses = new Map<string, number>();
  #rng = new Prng(1);

  configure(patch: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.#rng = new Prng(this.settings.seed);
  }

  /** Decides this request's fate; draws exactly one number per request to keep sequences reproducible. */
  draw(): "429" | "5xx" | undefined {
    const { rate429, rate5xx } = this.settings;
    if (rate429 <= 0 && rate5xx <= 0) return undefined;
    const r = this.#rng.next();
    if (r < rate429) return "429";
    if (r < rate429 + rate5xx) return "5xx";
    return undefined;
  }
}
