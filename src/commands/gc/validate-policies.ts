/**
 * The start-up check that the GC window never lets a policy's scheduled backup run: the window must
 * not touch any run day of the policy of any managed VM (the procedure runs the policy on Wednesday
 * and opens protection only at the weekend), last at least 24 h, and use a known time zone.
 */
import type { BackupGateway, BackupPolicy } from "../ports/backup-gateway.ts";
import type { GcWindowConfig } from "../schedule/gc-window.ts";
import { validateGcWindow } from "../schedule/gc-window-validation.ts";

/** A problem and the settings (environment variable names) an operator changes to fix it. */
export interface WindowProblem {
  keys: string[];
  message: string;
}

const WINDOW_KEYS = ["KURA_GC_OPEN_DAY", "KURA_GC_OPEN_TIME", "KURA_GC_DURATION_HOURS"];

/** Problems of `cfg` against the policy of every managed VM (read through the gateway); empty if none. */
export async function checkWindowAgainstPolicies(
  cfg: GcWindowConfig,
  deps: {
    gateway: BackupGateway;
    isManaged(vmName: string): boolean;
    fallbackPolicyByVault: Record<string, string>;
  },
  now: Date,
  signal?: AbortSignal,
): Promise<WindowProblem[]> {
  const own = validateGcWindow(cfg);
  if (own.length > 0) return own.map((message) => ({ keys: keysFor(message), message }));
  const policies = new Map<string, { policy: BackupPolicy; vms: string[] }>();
  const vms = (await deps.gateway.listProtectedVms({ signal })).filter((vm) => deps.isManaged(vm.vmName));
  for (const vm of vms) {
    const name = vm.policyId || vm.policyName || deps.fallbackPolicyByVault[vm.vault.name];
    if (!name) continue;
    const key = `${vm.vault.subscriptionId}/${vm.vault.resourceGroup}/${vm.vault.name}/${name}`.toLowerCase();
    const entry = policies.get(key);
    if (entry) entry.vms.push(vm.vmName);
    else
      policies.set(key, {
        policy: await deps.gateway.getPolicy(vm.vault, name, { signal }),
        vms: [vm.vmName],
      });
  }
  const problems: WindowProblem[] = [];
  for (const { policy, vms: names } of policies.values()) {
    const shown =
      names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
    for (const message of validateGcWindow(cfg, policy.schedule, now)) {
      problems.push({ keys: WINDOW_KEYS, message: `Policy "${policy.name}" (VMs ${shown}): ${message}` });
    }
  }
  return problems;
}

function keysFor(message: string): string[] {
  if (message.includes("time zone")) return ["KURA_GC_TIMEZONE"];
  if (message.includes("Opening day")) return ["KURA_GC_OPEN_DAY"];
  if (message.includes("Opening time")) return ["KURA_GC_OPEN_TIME"];
  return ["KURA_GC_DURATION_HOURS"];
}
