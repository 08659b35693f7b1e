import { isKuraError } from "../errors.ts";
import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { Actor, BackupRequest, Conversation } from "../ports/requests.ts";
import { checkVmRef } from "../vm-name.ts";
import type { RequestJournal } from "./journal.ts";
import { fail, ok, type Result } from "./result.ts";

export interface RequestBackupInput {
  vm: string;
  retentionDays?: number;
  reason?: string;
  requester: Actor;
  conversation: Conversation;
}

export interface RequestBackupDeps {
  gateway: BackupGateway;
  journal: RequestJournal;
  clock: Clock;
  newId: () => string;
  settings: { defaultRetentionDays: number; requestTtlMs: number; isManaged?: (vmName: string) => boolean };
}

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 99;

/**
 * Creates a pending backup request for one VM: validates the input, finds the VM's vault in Azure,
 * and records the request. Nothing runs until someone approves it.
 */
export async function requestBackup(
  input: RequestBackupInput,
  deps: RequestBackupDeps,
): Promise<Result<BackupRequest>> {
  const ref = checkVmRef(input.vm);
  if (!ref.ok) {
    return fail(
      "INVALID_VM_NAME",
      `Not a valid Azure VM name: ${ref.reason}.`,
      "Give the VM's name as Azure shows it: 1–64 letters, digits, '-', '_' or '.'.",
    );
  }
  const retentionDays = input.retentionDays ?? deps.settings.defaultRetentionDays;
  if (
    !Number.isInteger(retentionDays) ||
    retentionDays < MIN_RETENTION_DAYS ||
    retentionDays > MAX_RETENTION_DAYS
  ) {
    return fail(
      "INVALID_RETENTION",
      `Retention must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} (got ${String(input.retentionDays)}).`,
      "For example: --retain 30d",
    );
  }
  let vm: Awaited<ReturnType<BackupGateway["findVm"]>>;
  try {
    vm = await deps.gateway.findVm(input.vm);
  } catch (error) {
    if (isKuraError(error)) return fail(error.code, error.message, error.remedy);
    throw error;
  }
  if (deps.settings.isManaged && !deps.settings.isManaged(vm.vmName)) {
    return fail(
      "VM_NOT_MANAGED",
      `${vm.vmName} is not one of the VMs kura manages.`,
      "Ask an administrator to add it to kura's managed VMs.",
    );
  }
  const now = deps.clock.now();
  const request: BackupRequest = {
    id: deps.newId(),
    vmName: vm.vmName,
    vault: vm.vault,
    retentionDays,
    ...(input.reason ? { reason: input.reason.slice(0, 500) } : {}),
    requester: input.requester,
    conversation: input.conversation,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.settings.requestTtlMs).toISOString(),
    status: "pending",
    version: 1,
  };
  await deps.journal.requests.create(request);
  await deps.journal.record(request, {
    action: "request.created",
    actor: input.requester.id,
    detail: { retentionDays, reason: request.reason },
  });
  await deps.journal.emit(request, {
    type: "requested",
    requester: input.requester,
    retentionDays,
    ...(request.reason ? { reason: request.reason } : {}),
  });
  return ok(request);
}
