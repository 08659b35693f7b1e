import type { BehaviourConfig } from "../types.ts";
import type { VirtualClock } from "./clock.ts";
import { EventQueue } from "./event-queue.ts";
import { Prng } from "./prng.ts";
import { Store } from "./store.ts";

/** Everything that happens later in virtual time goes through one of these. */
export type SimEvent =
  | { kind: "protectionDone"; operationId: string }
  | { kind: "triggerDone"; operationId: string }
  | { kind: "snapshotDone"; jobId: string }
  | { kind: "transferDone"; jobId: string }
  | { kind: "cancelDone"; jobId: string; operationId: string }
  | { kind: "gc"; itemKey: string; epoch: number }
  | { kind: "scheduleRun"; policyKey: string; at: number }
  | { kind: "diskOperationDone"; operationId: string };

export type EventHandlers = {
  [K in SimEvent["kind"]]: (sim: Simulation, event: Extract<SimEvent, { kind: K }>) => void;
};

/**
 * The discrete-event simulation: state, a virtual clock and a time-ordered queue. `sync()` runs every event
 * due up to the clock's "now" in time order; while an event runs, `now()` is that event's time, so state
 * changes carry the exact virtual time they happened at, however late a request looks at them.
 */
export class Simulation {
  readonly store = new Store();
  readonly queue = new EventQueue<SimEvent>();
  readonly ids: Prng;
  readonly clock: VirtualClock;
  behaviour: BehaviourConfig;
  /** Faults armed by the admin API: lower-cased VM name → job error mnemonic for its next backup. */
  readonly armedFailures = new Map<string, string>();
  readonly #handlers: EventHandlers;
  #now: number;

  constructor(clock: VirtualClock, behaviour: BehaviourConfig, handlers: EventHandlers, idSeed = 20231106) {
    this.clock = clock;
    this.behaviour = behaviour;
    this.#handlers = handlers;
    this.ids = new Prng(idSeed);
    this.#now = clock.now();
  }

  /** The current virtual time as the simulation sees it (the last sync, or the running event's time). */
  now(): number {
    return this.#now;
  }

  schedule(at: number, event: SimEvent): void {
    this.queue.push(at, event);
  }

  /** Processes every event due up to the clock's now, in order. Call before serving each request. */
  sync(): void {
    const target = this.clock.now();
    for (;;) {
      const due = this.queue.popDue(target);
      if (due === undefined) break;
      this.#now = due.at;
      this.#dispatch(due.event);
    }
    this.#now = Math.max(this.#now, target);
  }

  #dispatch(event: SimEvent): void {
    const handler = this.#handlers[event.kind] as (sim: Simulation, e: SimEvent) => void;
    handler(this, event);
  }
}
