/**
 * Graceful shutdown at the processor edge. When a worker process is told to stop, each running
 * checkpointed run (a backup lifecycle, a disk snapshot request) ends at its next checkpoint instead
 * of running to completion: the checkpoint is saved, the job goes back to the waiting list, and the
 * next worker resumes from there. Waiting on an Azure backup job is itself checkpointed (the job id is
 * saved before the watch starts), so a watch is abandoned at once rather than waited out.
 */

/** Thrown (and used as the abort reason) when a run stops at a checkpoint for a shutdown. */
export class Handover extends Error {
  constructor() {
    super("The worker is shutting down; the run resumes from its checkpoint on another worker.");
    this.name = "Handover";
  }
}

/** Steps that only wait on Azure from a saved checkpoint: abandoned as soon as the drain starts. */
const WAIT_STEPS = new Set(["watch"]);

/** One running job's view of the drain. */
export interface DrainTicket {
  /** Aborts when the drain abandons this run (a checkpointed wait at once; anything at the grace's end). */
  readonly signal: AbortSignal;
  /** Call after a checkpoint is saved: throws `Handover` when draining and the run reached a new step. */
  checkpointed(step: string): void;
  /** Whether an error ended the run because of the drain (so the job is handed over, not failed). */
  handedOver(error: unknown): boolean;
  /** The step the run was last checkpointed at. */
  readonly step: string;
  leave(): void;
}

export class Drain {
  #draining = false;
  readonly #running = new Set<{ step: string; controller: AbortController }>();

  get draining(): boolean {
    return this.#draining;
  }

  /** How many checkpointed runs are still going. */
  get running(): number {
    return this.#running.size;
  }

  /**
   * Registers a run starting at `step`; pass BullMQ's own signal so either source aborts it.
   *
   * The run's signal is the ticket's own controller's, which BullMQ's signal aborts through a listener
   * removed on `leave()`, not `AbortSignal.any([outer, own])`: Node keeps a signal made by `any()` alive
   * (its `gcPersistentSignals`) for as long as it has an abort listener and has not aborted, and neither
   * source ever aborts when a run simply ends. One listener left on the run's signal (by kura, the
   * Azure SDK or anything else handed it) then kept the signal, the listener and everything it closed
   * over (the run, its BullMQ job, its steps' state: ~17 KB) for the life of the process: the soak's
   * workers' live heap grew by that much per lifecycle (bench/soak.ts). A plain controller's signal is
   * collected with the run, listeners and all.
   */
  enter(step: string, outer?: AbortSignal): DrainTicket {
    const entry = { step, controller: new AbortController() };
    this.#running.add(entry);
    const signal = entry.controller.signal;
    const forward = () => entry.controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener("abort", forward, { once: true });
    if (this.#draining && WAIT_STEPS.has(step)) entry.controller.abort(new Handover());
    const drain = this;
    return {
      signal,
      get step() {
        return entry.step;
      },
      checkpointed(next) {
        const moved = next !== entry.step;
        entry.step = next;
        if (drain.#draining && moved) throw new Handover();
      },
      handedOver(error) {
        // The drain aborts with a Handover; BullMQ's own abort (forwarded) is not one.
        return drain.#draining && (error instanceof Handover || signal.reason instanceof Handover);
      },
      leave() {
        outer?.removeEventListener("abort", forward);
        drain.#running.delete(entry);
      },
    };
  }

  /** Stops runs at their next checkpoint; waits on Azure jobs are abandoned now. */
  start(): void {
    this.#draining = true;
    for (const entry of this.#running) {
      if (WAIT_STEPS.has(entry.step)) entry.controller.abort(new Handover());
    }
  }

  /** The grace is over: abort whatever still runs (its lock expires and another worker takes over). */
  abortAll(): void {
    this.#draining = true;
    for (const entry of this.#running) entry.controller.abort(new Handover());
  }
}
