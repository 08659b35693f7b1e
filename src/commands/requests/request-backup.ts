import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { Actor, BackupRequest, Conversation } from "../ports/requests.ts";
import type { RequestJournal } from "./journal.ts";
import { findManagedVm, pendingFields, wholeNumberIn } from "./pending-request.ts";
import { ok, type Result } from "./result.ts";

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
  const retention = wholeNumberIn(
    input.retentionDays ?? deps.settings.defaultRetentionDays,
    { min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS },
    {
      code: "INVALID_RETENTION",
      message: `Retention must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS} (got ${String(input.retentionDays)}).`,
      remedy: "For example: --retain 30d",
    },
  );
  if (!retention.ok) return retention;
  const retentionDays = retention.value;
  const found = await findManagedVm(input.vm, { gateway: deps.gateway, ...deps.settings });
  if (!found.ok) return found;
  const request: BackupRequest = {
    ...pendingFields(input, found.value, {
      id: deps.newId(),
      now: deps.clock.now(),
      ttlMs: deps.settings.requestTtlMs,
    }),
    retentionDays,
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
