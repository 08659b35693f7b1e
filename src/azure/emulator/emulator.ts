/**
 * One running emulator's moving parts, independent of the transport: the simulation (rebuilt on reset),
 * throttle buckets, faults and stats.
 */
import { readFileSync } from "node:fs";
import type { ArmServices } from "./arm/pipeline.ts";
import { DEFAULT_BEHAVIOUR, mergeBehaviour } from "./behaviour.ts";
import { VirtualClock } from "./core/clock.ts";
import type { Simulation } from "./core/simulation.ts";
import { createSimulation } from "./core/world.ts";
import { Faults } from "./http/faults.ts";
import { Stats } from "./http/stats.ts";
import { TokenBuckets } from "./http/throttle.ts";
import { parseSeed } from "./seed/schema.ts";
import type { BehaviourConfig, SeedData } from "./types.ts";

export type SeedOption = "default" | "empty" | SeedData;

export interface EmulatorCoreOptions {
  seed?: SeedOption;
  clock?: { start?: string; speed?: number };
  behaviour?: Partial<BehaviourConfig>;
}

/** The bundled demo fixture (src/azure/emulator/seed/default.json). */
export function defaultSeed(): SeedData {
  return parseSeed(JSON.parse(readFileSync(new URL("./seed/default.json", import.meta.url), "utf8")));
}

export function resolveSeed(seed: SeedOption | undefined): SeedData {
  if (seed === undefined || seed === "default") return defaultSeed();
  if (seed === "empty") return { vaults: [] };
  return parseSeed(seed);
}

export class EmulatorCore implements ArmServices {
  readonly throttle: TokenBuckets;
  readonly faults = new Faults();
  readonly stats = new Stats();
  readonly #options: EmulatorCoreOptions;
  #behaviour: BehaviourConfig;
  #sim: Simulation;

  constructor(options: EmulatorCoreOptions) {
    this.#options = options;
    this.#behaviour = mergeBehaviour(DEFAULT_BEHAVIOUR, options.behaviour);
    this.throttle = new TokenBuckets(() => this.#behaviour.throttle);
    this.#sim = this.#build(resolveSeed(options.seed));
  }

  sim = (): Simulation => this.#sim;

  get behaviour(): BehaviourConfig {
    return this.#behaviour;
  }

  setBehaviour(patch: unknown): BehaviourConfig {
    this.#behaviour = mergeBehaviour(this.#behaviour, patch);
    this.#sim.behaviour = this.#behaviour;
    this.throttle.clear();
    return this.#behaviour;
  }

  /** Back to the initial world: seed, clock start, cleared throttle and faults. Behaviour is kept. */
  reset(seed?: SeedOption): void {
    const data = resolveSeed(seed ?? this.#options.seed);
    this.#sim = this.#build(data);
    this.throttle.clear();
    this.faults.reset();
  }

  #build(seed: SeedData): Simulation {
    const start = this.#options.clock?.start ? Date.parse(this.#options.clock.start) : Date.now();
    if (Number.isNaN(start))
      throw new RangeError(`clock.start '${this.#options.clock?.start}' is not an ISO date`);
    const clock = new VirtualClock(start, this.#options.clock?.speed ?? 1);
    return createSimulation(clock, this.#behaviour, seed);
  }
}
