/**
 * The one summary of a window pass ("opened for N of M VMs", failures with reasons), emitted as
 * `gc-window-progress` events with one stable summary id: at the start, about every 5 % of the VMs,
 * and at the end. Emits are chained so events leave in order even when VMs finish concurrently.
 */
import type { Clock } from "../ports/clock.ts";
import type { EventSink } from "../ports/events.ts";
import type { GcWindow } from "../schedule/gc-window.ts";
import type { ConvergeOutcome } from "./converge-vm.ts";
import type { GcWindowProgressEvent, PassFailure } from "./events.ts";

export interface SummaryInfo {
  id: string;
  phase: "open" | "close";
  reason: "scheduled" | "recovered";
  window: GcWindow;
  attempt: number;
  total: number;
}

/** Steps between progress events: about twenty edits per pass, however large the fleet. */
const EDITS_PER_PASS = 20;

export class WindowSummary {
  readonly #info: SummaryInfo;
  readonly #deps: { events: EventSink; clock: Clock };
  readonly #step: number;
  #seq = 0;
  #done = 0;
  #settled = 0;
  #busy = 0;
  #keptOn = 0;
  readonly #failures: PassFailure[] = [];
  #chain: Promise<void> = Promise.resolve();

  constructor(info: SummaryInfo, deps: { events: EventSink; clock: Clock }) {
    this.#info = info;
    this.#deps = deps;
    this.#step = Math.max(1, Math.ceil(info.total / EDITS_PER_PASS));
  }

  started(): Promise<void> {
    return this.#emit(false);
  }

  record(vmName: string, outcome: ConvergeOutcome): Promise<void> {
    this.#done += 1;
    const target = this.#info.phase === "open" ? "Protected" : "ProtectionStopped";
    if (outcome.kind === "busy") {
      this.#busy += 1;
    } else if (outcome.state === target) {
      this.#settled += 1;
    } else if (this.#info.phase === "close" && outcome.state === "Protected" && outcome.reasons.length > 0) {
      this.#keptOn += 1; // an emergency window (or a lifecycle that just started) needs it on
    } else {
      this.#failures.push({
        vmName,
        code: "UNEXPECTED_STATE",
        message: `Azure shows ${outcome.state}; kura wanted ${target}. The reconciler will try again.`,
      });
    }
    return this.#maybeEmit();
  }

  fail(failure: PassFailure): Promise<void> {
    this.#done += 1;
    this.#failures.push(failure);
    return this.#maybeEmit();
  }

  async finished(): Promise<{ total: number; settled: number; busy: number; failures: number }> {
    await this.#emit(true);
    return {
      total: this.#info.total,
      settled: this.#settled,
      busy: this.#busy,
      failures: this.#failures.length,
    };
  }

  #maybeEmit(): Promise<void> {
    // The last VM's event is the final one; don't send a progress edit just before it.
    if (this.#done % this.#step !== 0 || this.#done === this.#info.total) return this.#chain;
    return this.#emit(false);
  }

  #emit(finished: boolean): Promise<void> {
    const info = this.#info;
    const seq = this.#seq++;
    const event: GcWindowProgressEvent & { id: string; at: string } = {
      id: `${info.id}:${info.attempt}:${seq}`,
      at: this.#deps.clock.now().toISOString(),
      type: "gc-window-progress",
      summaryId: info.id,
      phase: info.phase,
      reason: info.reason,
      opensAt: info.window.opensAt.toISOString(),
      closesAt: info.window.closesAt.toISOString(),
      attempt: info.attempt,
      seq,
      total: info.total,
      done: this.#done,
      settled: this.#settled,
      busy: this.#busy,
      keptOn: this.#keptOn,
      failures: [...this.#failures].sort((a, b) => a.vmName.localeCompare(b.vmName)),
      finished,
    };
    this.#chain = this.#chain.then(() => this.#deps.events.emit(event));
    return this.#chain;
  }
}
