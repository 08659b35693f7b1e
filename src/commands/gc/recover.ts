/**
 * Start-up recovery: a window whose opening or closing was missed while kura was down is acted on
 * now. If a window should be open and its open pass never ran, open it (with its summary); if the
 * last window was opened but its close pass never ran, close it. Then a reconcile pass brings every
 * managed VM to its desired state anyway (windows, emergency windows, lifecycles that ended), so
 * whatever the passes did not cover — a window missed entirely, a manual change — is repaired too.
 */
import {
  type ReconcileDeps,
  type ReconcileReport,
  reconcileProtection,
} from "../reconcile/reconcile-protection.ts";
import { currentWindow, lastWindowBefore } from "../schedule/gc-window.ts";
import { type PassResult, passId, runWindowPass, type WindowPassDeps } from "./window-pass.ts";

export interface RecoveryReport {
  pass?: { phase: "open" | "close"; result: PassResult };
  reconcile: ReconcileReport;
}

export async function recoverMissedWindows(
  deps: WindowPassDeps,
  reconcile: ReconcileDeps,
  signal?: AbortSignal,
): Promise<RecoveryReport> {
  const now = deps.clock.now();
  const open = currentWindow(deps.gcWindow, now);
  let pass: RecoveryReport["pass"];
  if (open) {
    if (!(await deps.state.passDone(passId("open", open)))) {
      pass = { phase: "open", result: await runWindowPass("open", "recovered", deps, signal) };
    }
  } else {
    const last = lastWindowBefore(deps.gcWindow, now);
    const opened = await deps.state.passDone(passId("open", last));
    if (opened && !(await deps.state.passDone(passId("close", last)))) {
      pass = { phase: "close", result: await runWindowPass("close", "recovered", deps, signal) };
    }
  }
  const report = await reconcileProtection(reconcile, signal);
  return pass ? { pass, reconcile: report } : { reconcile: report };
}
