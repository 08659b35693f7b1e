import { isKuraError } from "../errors.ts";
import { vmKeyOf } from "../lifecycle/checkpoint.ts";
import type { ProtectionIntent } from "../lifecycle/protection-intent.ts";
import type { AuditLog } from "../ports/audit.ts";
import type { BackupGateway, ProtectedVm } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { VmLocks } from "../ports/coordination.ts";
import type { EventSink } from "../ports/events.ts";
import { type RequestStore, TERMINAL_STATUSES } from "../ports/requests.ts";

export interface ReconcileDeps {
  gateway: BackupGateway;
  locks: VmLocks;
  intent: ProtectionIntent;
  requests: RequestStore;
  audit: AuditLog;
  events: EventSink;
  clock: Clock;
  isManaged: (vmName: string) => boolean;
  fallbackPolicyByVault: Record<string, string>;
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
  failures: { vmName: string; code: string; message: string }[];
}

/**
 * Compares every managed VM's protection with what it should be now (ProtectionIntent) and repairs
 * drift: protection left on after a crash, a window missed while kura was down, a manual change.
 * VMs held by a live lifecycle are left to it. Writes go through the shared ARM write limiter.
 */
export async function reconcileProtection(
  deps: ReconcileDeps,
  signal?: AbortSignal,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, repaired: [], busy: 0, failures: [] };
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
  const vmKey = vmKeyOf(vm);
  const holder = await deps.locks.lifecycleHolder(vmKey);
  if (holder) {
    const request = await deps.requests.get(holder);
    if (request && !TERMINAL_STATUSES.includes(request.status)) return "busy";
    await deps.locks.releaseLifecycle(vmKey, holder); // a lease left by a lifecycle that ended
  }
  return deps.locks.withProtectionMutex(
    vmKey,
    async () => {
      const now = deps.clock.now();
      const desired = await deps.intent.desiredFor(vmKey, vm.vmName, now);
      // A lifecycle that took the lease while we waited for the mutex resumes protection itself.
      if (desired.reasons.length === 1 && desired.reasons[0] === "lifecycle") return "busy";
      const fresh = await deps.gateway.refreshVm(vm, { signal });
      const isOn = fresh.protectionState === "Protected" || fresh.protectionState === "IRPending";
      if (desired.state === "Protected" && !isOn && fresh.protectionState === "ProtectionStopped") {
        const policy = fresh.policyId || deps.fallbackPolicyByVault[fresh.vault.name];
        if (!policy) throw new Error(`no policy to resume ${vm.vmName} with`);
        const policyId = policy.startsWith("/")
          ? policy
          : (await deps.gateway.getPolicy(fresh.vault, policy)).id;
        await deps.gateway.resumeProtection(fresh, policyId, { signal });
      } else if (desired.state === "ProtectionStopped" && isOn) {
        await deps.gateway.stopProtectionRetainData(fresh, { signal });
      } else {
        return undefined;
      }
      const repair: Repair = {
        vmName: vm.vmName,
        from: fresh.protectionState,
        to: desired.state,
        reasons: desired.reasons,
      };
      await deps.audit.append({
        at: now.toISOString(),
        action: "drift.repaired",
        actor: "kura",
        correlationId: pass,
        vmName: vm.vmName,
        detail: { from: repair.from, to: repair.to, reasons: repair.reasons.join(",") },
      });
      await deps.events.emit({
        id: `drift:${vmKey}:${now.toISOString()}`,
        at: now.toISOString(),
        type: "drift-repaired",
        vmName: vm.vmName,
        from: repair.from,
        to: repair.to,
        reasons: repair.reasons,
      });
      return repair;
    },
    signal ? { signal } : {},
  );
}
