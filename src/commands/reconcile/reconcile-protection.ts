import { isKuraError } from "../errors.ts";
import { type ConvergeDeps, convergeVm } from "../gc/converge-vm.ts";
import { vmKeyOf } from "../lifecycle/checkpoint.ts";
import type { ProtectedVm } from "../ports/backup-gateway.ts";
import type { EventSink } from "../ports/events.ts";
import { type LifecycleRepairDeps, repairLifecycles } from "./repair-lifecycles.ts";

export interface ReconcileDeps extends ConvergeDeps {
  events: EventSink;
  isManaged: (vmName: string) => boolean;
  /** When set, requests no live job carries are repaired first (see `repairLifecycles`). */
  lifecycles?: LifecycleRepairDeps;
  /**
   * The GC window pass that is due and not done (`pendingWindowPass`), if any. While one is, protection
   * is left to it: it converges every VM, and its opening is not drift. Unset for the pass that runs
   * right after a window pass (start-up recovery), which decides itself.
   */
  pendingWindowPass?: () => Promise<string | undefined>;
}

export interface Repair {
  vmName: string;
  from: string;
  to: "Protected" | "ProtectionStopped";
  reasons: string[];
}

export interface ReconcileReport {
  checked: number;
  repaired: Repair[];
  /** VMs a running lifecycle is in charge of. */
  busy: number;
  /** Approved requests enqueued again and abandoned ones settled before protection was compared. */
  requeued: string[];
  settled: string[];
  failures: { vmName: string; code: string; message: string }[];
  /** Set when protection was left to this window pass (see `ReconcileDeps.pendingWindowPass`). */
  deferredTo?: string;
}

/**
 * Compares every managed VM's protection with what it should be now (ProtectionIntent) and repairs
 * drift: protection left on after a crash, a window missed while kura was down, a manual change.
 * VMs held by a live lifecycle are left to it. Its ARM calls are paced by the shared ARM budget.
 */
export async function reconcileProtection(
  deps: ReconcileDeps,
  signal?: AbortSignal,
): Promise<ReconcileReport> {
  const lifecycles = deps.lifecycles
    ? await repairLifecycles(deps.lifecycles)
    : { requeued: [], settled: [] };
  const report: ReconcileReport = { checked: 0, repaired: [], busy: 0, failures: [], ...lifecycles };
  const deferredTo = await deps.pendingWindowPass?.();
  if (deferredTo) return { ...report, deferredTo };
  const vms = (await deps.gateway.listProtectedVms({ signal })).filter((vm) => deps.isManaged(vm.vmName));
  const pass = `reconcile-${deps.clock.now().toISOString()}`;
  for (const vm of vms) {
    report.checked += 1;
    try {
      const outcome = await reconcileOne(vm, pass, deps, signal);
      if (outcome === "busy") report.busy += 1;
      else if (outcome) report.repaired.push(outcome);
    } catch (error) {
      if (isKuraError(error) && error.code === "AZURE_THROTTLED") throw error; // the job retries later
      const code = isKuraError(error) ? error.code : "UNEXPECTED";
      report.failures.push({ vmName: vm.vmName, code, message: (error as Error).message });
    }
  }
  return report;
}

async function reconcileOne(
  vm: ProtectedVm,
  pass: string,
  deps: ReconcileDeps,
  signal?: AbortSignal,
): Promise<Repair | "busy" | undefined> {
  const outcome = await convergeVm(vm, pass, deps, signal);
  if (outcome.kind === "busy") return "busy";
  if (!outcome.changed) return undefined;
  const at = deps.clock.now().toISOString();
  const to = outcome.state === "ProtectionStopped" ? "ProtectionStopped" : "Protected";
  const repair: Repair = { vmName: vm.vmName, from: outcome.previous, to, reasons: outcome.reasons };
  await deps.audit.append({
    at,
    action: "drift.repaired",
    actor: "kura",
    correlationId: pass,
    vmName: vm.vmName,
    detail: { from: repair.from, to: repair.to, reasons: repair.reasons.join(",") },
  });
  await deps.events.emit({
    id: `drift:${vmKeyOf(vm)}:${at}`,
    at,
    type: "drift-repaired",
    vmName: vm.vmName,
    from: repair.from,
    to: repair.to,
    reasons: repair.reasons,
  });
  return repair;
}
