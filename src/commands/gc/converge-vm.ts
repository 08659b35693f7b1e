/**
 * Brings one VM's protection to what ProtectionIntent says it should be now. The window passes and
 * the emergency window jobs call this, so a duplicate or late firing only re-checks a VM that is
 * already right: every action is "converge to desired", never "toggle".
 */
import { vmKeyOf } from "../lifecycle/checkpoint.ts";
import type { ProtectionIntent } from "../lifecycle/protection-intent.ts";
import type { AuditLog } from "../ports/audit.ts";
import type { BackupGateway, ProtectedVm, ProtectionState } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { VmLocks } from "../ports/coordination.ts";
import { type RequestStore, TERMINAL_STATUSES } from "../ports/requests.ts";

export interface ConvergeDeps {
  /** Its ARM calls are paced by the shared ARM budget (src/azure/arm-budget-policy.ts). */
  gateway: BackupGateway;
  locks: VmLocks;
  intent: ProtectionIntent;
  requests: RequestStore;
  audit: AuditLog;
  clock: Clock;
  fallbackPolicyByVault: Record<string, string>;
}

export type ConvergeOutcome =
  /** A live ad-hoc lifecycle owns the VM; it settles protection through ProtectionIntent when it ends. */
  | { kind: "busy"; requestId: string }
  | {
      kind: "settled";
      /** Azure's state afterwards (`IRPending` counts as `Protected`). */
      state: ProtectionState;
      /** Whether kura changed Azure (false: it already was so). */
      changed: boolean;
      /** Azure's state before kura acted. */
      previous: ProtectionState;
      reasons: string[];
    };

/** `correlationId` ties the audit entries of one pass (or one emergency window) together. */
export async function convergeVm(
  vm: ProtectedVm,
  correlationId: string,
  deps: ConvergeDeps,
  signal?: AbortSignal,
): Promise<ConvergeOutcome> {
  const vmKey = vmKeyOf(vm);
  const holder = await deps.locks.lifecycleHolder(vmKey);
  if (holder) {
    const request = await deps.requests.get(holder);
    if (request && !TERMINAL_STATUSES.includes(request.status)) return { kind: "busy", requestId: holder };
    await deps.locks.releaseLifecycle(vmKey, holder); // a lease left by a lifecycle that ended
  }
  return deps.locks.withProtectionMutex(
    vmKey,
    async () => {
      const now = deps.clock.now();
      // Decided under the mutex: a lifecycle that took the lease meanwhile counts as a reason.
      const desired = await deps.intent.desiredFor(vmKey, vm.vmName, now);
      // A lifecycle that took the lease while we waited for the mutex resumes (and audits) itself.
      const holder = await deps.locks.lifecycleHolder(vmKey);
      if (holder && desired.reasons.length === 1 && desired.reasons[0] === "lifecycle") {
        return { kind: "busy" as const, requestId: holder };
      }
      const fresh = await deps.gateway.refreshVm(vm, { signal });
      const isOn = fresh.protectionState === "Protected" || fresh.protectionState === "IRPending";
      let action: "azure.resume" | "azure.stop" | undefined;
      if (desired.state === "Protected" && !isOn && fresh.protectionState === "ProtectionStopped") {
        await deps.gateway.resumeProtection(fresh, await policyIdFor(fresh, deps, signal), { signal });
        action = "azure.resume";
      } else if (desired.state === "ProtectionStopped" && isOn) {
        await deps.gateway.stopProtectionRetainData(fresh, { signal });
        action = "azure.stop";
      }
      if (action) {
        await deps.audit.append({
          at: now.toISOString(),
          action,
          actor: "kura",
          correlationId,
          vmName: vm.vmName,
          detail: { reasons: desired.reasons.join(","), retainData: action === "azure.stop" || undefined },
        });
      }
      const state: ProtectionState = action ? desired.state : isOn ? "Protected" : fresh.protectionState;
      return {
        kind: "settled",
        state,
        changed: action !== undefined,
        previous: fresh.protectionState,
        reasons: desired.reasons,
      };
    },
    signal ? { signal } : {},
  );
}

async function policyIdFor(vm: ProtectedVm, deps: ConvergeDeps, signal?: AbortSignal): Promise<string> {
  const policy = vm.policyId || deps.fallbackPolicyByVault[vm.vault.name];
  if (!policy) {
    throw new Error(
      `No policy to resume ${vm.vmName} with: Azure's item names none and its vault has no fallback.`,
    );
  }
  return policy.startsWith("/") ? policy : (await deps.gateway.getPolicy(vm.vault, policy, { signal })).id;
}
