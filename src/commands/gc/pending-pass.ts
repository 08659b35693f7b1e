/**
 * Which window pass is due and not done yet, so the periodic reconciler can leave the window's own
 * opening or closing to it. Without this, a reconcile pass that runs as a window opens (at start-up
 * inside a window, or on the hour the window opens) resumes the VMs itself and reports "Protection
 * drift repaired" for what was the window's opening: an operator would see a repair that was none.
 *
 * The pass converges every managed VM to its desired state, so deferring loses nothing while it is
 * due: its scheduled firing runs it when the phase begins, start-up recovery when kura starts (a
 * worker started 12 h into a window opens it then). So the grace counts from the later of the two.
 * After `graceMs` a pass that still has not finished is treated as missed: the reconciler then steps
 * in, and what it changes is a real repair.
 */
import { currentWindow, lastWindowBefore } from "../schedule/gc-window.ts";
import { HOUR_MS } from "../schedule/wall-clock.ts";
import { passId, type WindowPassDeps } from "./window-pass.ts";

/** How long after a window opens (or closes) its pass has before the reconciler stops waiting for it. */
export const PASS_GRACE_MS = HOUR_MS;

/** The id of the window pass due at `now` that has not finished, or undefined. */
export async function pendingWindowPass(
  deps: Pick<WindowPassDeps, "gcWindow" | "state">,
  now: Date,
  /** When this process started: its start-up recovery runs a missed pass. */
  startedAt: Date,
  graceMs = PASS_GRACE_MS,
): Promise<string | undefined> {
  const open = currentWindow(deps.gcWindow, now);
  const last = open ? undefined : lastWindowBefore(deps.gcWindow, now);
  const id = open ? passId("open", open) : last ? passId("close", last) : undefined;
  const since = open ? open.opensAt : last?.closesAt;
  if (!id || !since) return undefined;
  if (now.getTime() - Math.max(since.getTime(), startedAt.getTime()) > graceMs) return undefined;
  if (last && !(await deps.state.passDone(passId("open", last)))) return undefined; // never opened: nothing to close
  return (await deps.state.passDone(id)) ? undefined : id;
}
