import { isKuraError, type ProblemCode } from "../errors.ts";
import type { BackupGateway, ProtectedVm, VaultRef } from "../ports/backup-gateway.ts";
import type { Actor, Conversation } from "../ports/requests.ts";
import { checkVmRef } from "../vm-name.ts";
import { fail, ok, type Result } from "./result.ts";

/**
 * What every request asking an approver for something starts with (backups, disk snapshots,
 * emergency GC windows): a checked VM that kura manages, a bounded number, and the pending fields.
 */

/** A user's VM reference, checked against Azure's naming rules, found in Azure, and managed by kura. */
export async function findManagedVm(
  text: string,
  deps: { gateway: BackupGateway; isManaged?: (vmName: string) => boolean },
): Promise<Result<ProtectedVm>> {
  const ref = checkVmRef(text);
  if (!ref.ok) {
    return fail(
      "INVALID_VM_NAME",
      `Not a valid Azure VM name: ${ref.reason}.`,
      "Give the VM's name as Azure shows it: 1–64 letters, digits, '-', '_' or '.'.",
    );
  }
  let vm: ProtectedVm;
  try {
    vm = await deps.gateway.findVm(text);
  } catch (error) {
    if (isKuraError(error)) return fail(error.code, error.message, error.remedy);
    throw error;
  }
  if (deps.isManaged && !deps.isManaged(vm.vmName)) {
    return fail(
      "VM_NOT_MANAGED",
      `${vm.vmName} is not one of the VMs kura manages.`,
      "Ask an administrator to add it to kura's managed VMs.",
    );
  }
  return ok(vm);
}

/** `value` if it is a whole number from `min` to `max`; else `problem` (whose message says the range). */
export function wholeNumberIn(
  value: number,
  range: { min: number; max: number },
  problem: { code: ProblemCode; message: string; remedy: string },
): Result<number> {
  if (Number.isInteger(value) && value >= range.min && value <= range.max) return ok(value);
  return fail(problem.code, problem.message, problem.remedy);
}

export interface PendingFields {
  id: string;
  vmName: string;
  vault: VaultRef;
  reason?: string;
  requester: Actor;
  conversation: Conversation;
  createdAt: string;
  expiresAt: string;
  status: "pending";
  version: 1;
}

/** The fields a new pending request has, whatever it asks for. Reasons are cut at 500 characters. */
export function pendingFields(
  input: { reason?: string | undefined; requester: Actor; conversation: Conversation },
  vm: ProtectedVm,
  context: { id: string; now: Date; ttlMs: number },
): PendingFields {
  return {
    id: context.id,
    vmName: vm.vmName,
    vault: vm.vault,
    ...(input.reason ? { reason: input.reason.slice(0, 500) } : {}),
    requester: input.requester,
    conversation: input.conversation,
    createdAt: context.now.toISOString(),
    expiresAt: new Date(context.now.getTime() + context.ttlMs).toISOString(),
    status: "pending",
    version: 1,
  };
}
