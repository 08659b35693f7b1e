/**
 * The worker's side of an approved emergency window: resume protection when it opens, converge again
 * when it closes (protection stops unless the weekly window or a backup still needs it). Both go
 * through ProtectionIntent, so running either twice, or late, does no harm.
 */
import { vmKeyOf } from "../lifecycle/checkpoint.ts";
import type { EventSink } from "../ports/events.ts";
import { HOUR_MS } from "../schedule/wall-clock.ts";
import { type ConvergeDeps, type ConvergeOutcome, convergeVm } from "./converge-vm.ts";
import { publishEmergency } from "./emergency-events.ts";
import type { EmergencyStore, GcState } from "./ports.ts";

export interface EmergencyJobDeps extends ConvergeDeps {
  store: EmergencyStore;
  events: EventSink;
  state: GcState;
}

/** Resumes the VM's protection for an approved window; emits `opened` once protection is on. */
export async function startEmergencyWindow(
  requestId: string,
  deps: EmergencyJobDeps,
  signal?: AbortSignal,
): Promise<ConvergeOutcome | undefined> {
  const request = await deps.store.get(requestId);
  if (request?.status !== "approved") return undefined;
  const vm = await deps.gateway.findVm(request.vmName, { signal });
  const outcome = await convergeVm(vm, request.id, deps, signal);
  const on = outcome.kind === "busy" || outcome.state === "Protected" || outcome.state === "IRPending";
  if (on) await deps.state.markProtectedSince(vmKeyOf(vm), deps.clock.now());
  await publishEmergency(
    request,
    "opened",
    deps,
    on
      ? {}
      : {
          problem: `Azure shows ${outcome.kind === "settled" ? outcome.state : "busy"}; the reconciler retries.`,
        },
  );
  return outcome;
}

/** Ends the window (once) and converges the VM, which stops protection unless something else needs it. */
export async function endEmergencyWindow(
  requestId: string,
  deps: EmergencyJobDeps,
  signal?: AbortSignal,
): Promise<ConvergeOutcome | undefined> {
  const request = await deps.store.get(requestId);
  if (!request) return undefined;
  const closed = await deps.store.transition(requestId, ["approved"], { status: "closed" });
  const vm = await deps.gateway.findVm(request.vmName, { signal });
  const outcome = await convergeVm(vm, request.id, deps, signal);
  if (outcome.kind === "settled" && outcome.state === "ProtectionStopped") {
    const since = await deps.state.takeProtectedSince(vmKeyOf(vm));
    const now = deps.clock.now();
    if (since && now.getTime() - since.getTime() >= 24 * HOUR_MS)
      await deps.state.recordFullWindow(vmKeyOf(vm), now);
  }
  if (closed) await publishEmergency(closed, "closed", deps);
  return outcome;
}
