/**
 * Opening and closing the weekly GC window: one pass over every managed VM that converges each to
 * its desired protection (ProtectionIntent), so a duplicate or late firing is harmless, and that
 * reports one summary per window and phase, edited as it progresses.
 *
 * The pass is claimed in Redis per window and phase, so however many processes fire it only one
 * runs it; a claim whose holder died lapses and the next firing (or start-up recovery) runs it again.
 */
import { isKuraError } from "../errors.ts";
import { vmKeyOf } from "../lifecycle/checkpoint.ts";
import type { EventSink } from "../ports/events.ts";
import {
  currentWindow,
  type GcWindow,
  type GcWindowConfig,
  lastWindowBefore,
} from "../schedule/gc-window.ts";
import { HOUR_MS } from "../schedule/wall-clock.ts";
import { type ConvergeDeps, type ConvergeOutcome, convergeVm } from "./converge-vm.ts";
import { fanOut } from "./fan-out.ts";
import type { GcState } from "./ports.ts";
import { WindowSummary } from "./window-summary.ts";

export interface WindowPassDeps extends ConvergeDeps {
  gcWindow: GcWindowConfig;
  state: GcState;
  events: EventSink;
  isManaged(vmName: string): boolean;
  /** VMs converged at once; the shared ARM budget paces the calls themselves. */
  concurrency: number;
}

export type Phase = "open" | "close";

export type PassResult =
  | { kind: "done"; summaryId: string; total: number; settled: number; busy: number; failures: number }
  | { kind: "skipped"; reason: "window-not-open" | "window-open" | "running" | "done" };

/** How long a claim lasts unrenewed: how soon a crashed holder's pass can be run again. */
const CLAIM_TTL_MS = 5 * 60_000;
/** A transient Azure error (throttled, conflicting operation) is retried this often per VM. */
const MAX_TRIES = 6;

/** The id of the summary (and of the claim) of one phase of one window. */
export function passId(phase: Phase, window: GcWindow): string {
  return `gc-${phase}-${window.opensAt.toISOString()}`;
}

/** The window a phase acts on at `now`: the open one, or the one that closed last. */
export function windowFor(phase: Phase, cfg: GcWindowConfig, now: Date): GcWindow | undefined {
  const open = currentWindow(cfg, now);
  if (phase === "open") return open;
  return open ? undefined : lastWindowBefore(cfg, now);
}

export async function runWindowPass(
  phase: Phase,
  reason: "scheduled" | "recovered",
  deps: WindowPassDeps,
  signal?: AbortSignal,
): Promise<PassResult> {
  const window = windowFor(phase, deps.gcWindow, deps.clock.now());
  if (!window) return { kind: "skipped", reason: phase === "open" ? "window-not-open" : "window-open" };
  const id = passId(phase, window);
  const claim = await deps.state.claimPass(id, CLAIM_TTL_MS);
  if (!claim.claimed) return { kind: "skipped", reason: claim.state };
  const renew = setInterval(() => {
    deps.state.renewPass(id, CLAIM_TTL_MS).catch(() => {}); // a missed renewal is retried next tick
  }, CLAIM_TTL_MS / 5);
  try {
    const vms = (await deps.gateway.listProtectedVms({ signal })).filter((vm) => deps.isManaged(vm.vmName));
    const summary = new WindowSummary(
      { id, phase, reason, window, attempt: claim.attempt, total: vms.length },
      deps,
    );
    await summary.started();
    await fanOut(
      vms,
      deps.concurrency,
      async (vm) => {
        try {
          const outcome = await withRetries(() => convergeVm(vm, id, deps, signal), signal);
          await track(phase, vmKeyOf(vm), window, outcome, deps);
          await summary.record(vm.vmName, outcome);
        } catch (error) {
          const code = isKuraError(error) ? error.code : "UNEXPECTED";
          await summary.fail({ vmName: vm.vmName, code, message: (error as Error).message });
        }
      },
      signal,
    );
    const totals = await summary.finished();
    await deps.state.finishPass(id);
    return { kind: "done", summaryId: id, ...totals };
  } finally {
    clearInterval(renew);
  }
}

/** Remembers which VMs were protected for a whole window (GC runs within 24 h of protection). */
async function track(
  phase: Phase,
  vmKey: string,
  window: GcWindow,
  outcome: ConvergeOutcome,
  deps: WindowPassDeps,
): Promise<void> {
  if (outcome.kind !== "settled") return;
  const now = deps.clock.now();
  if (phase === "open" && outcome.state === "Protected") await deps.state.markProtectedSince(vmKey, now);
  if (phase === "close" && outcome.state === "ProtectionStopped") {
    const since = await deps.state.takeProtectedSince(vmKey);
    if (since && window.closesAt.getTime() - since.getTime() >= 24 * HOUR_MS) {
      await deps.state.recordFullWindow(vmKey, window.closesAt);
    }
  }
}

async function withRetries<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isKuraError(error) || !error.isTransient || attempt >= MAX_TRIES || signal?.aborted) throw error;
      const delay = error.retryAfterMs ?? Math.min(30_000, 1_000 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
