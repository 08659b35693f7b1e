import { isKuraError } from "../errors.ts";
import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { ComputeGateway, PowerState } from "../ports/compute-gateway.ts";
import type { Actor, BackupRequest, Conversation } from "../ports/requests.ts";
import type { RequestJournal } from "../requests/journal.ts";
import { findManagedVm, pendingFields, wholeNumberIn } from "../requests/pending-request.ts";
import { fail, ok, type Problem, type Result } from "../requests/result.ts";

export interface RequestSnapshotInput {
  vm: string;
  /** How long kura keeps the snapshots (`--keep 7d`); the configured default when absent. */
  keepDays?: number;
  reason?: string;
  requester: Actor;
  conversation: Conversation;
}

export interface RequestSnapshotDeps {
  gateway: BackupGateway;
  compute: ComputeGateway;
  journal: RequestJournal;
  clock: Clock;
  newId: () => string;
  settings: { defaultKeepDays: number; requestTtlMs: number; isManaged?: (vmName: string) => boolean };
}

export const MIN_KEEP_DAYS = 1;
/** `/backup snapshot <vm>` without `--keep`: a week covers a change and its follow-up. */
export const DEFAULT_KEEP_DAYS = 7;
/** Snapshots cost storage every day and have no retention of their own; kura keeps them at most this long. */
export const MAX_KEEP_DAYS = 90;

/** `7d`, `7` → 7; undefined for anything else (the caller reports it with the usage). */
export function parseKeepDays(text: string): number | undefined {
  const m = /^(\d{1,3})d?$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * `/backup snapshot <vm> [--keep 7d]`: a pending request for managed disk snapshots of a deallocated
 * VM. Refused at once if the VM is not deallocated; nothing runs until someone approves it (through
 * `decideRequest`, like any backup request), and the worker checks the power state again before it starts.
 */
export async function requestSnapshot(
  input: RequestSnapshotInput,
  deps: RequestSnapshotDeps,
): Promise<Result<BackupRequest>> {
  const keep = wholeNumberIn(
    input.keepDays ?? deps.settings.defaultKeepDays,
    { min: MIN_KEEP_DAYS, max: MAX_KEEP_DAYS },
    {
      code: "INVALID_KEEP",
      message: `Snapshots are kept a whole number of days from ${MIN_KEEP_DAYS} to ${MAX_KEEP_DAYS} (got ${String(input.keepDays)}).`,
      remedy: "For example: --keep 7d",
    },
  );
  if (!keep.ok) return keep;
  const keepDays = keep.value;
  const found = await findManagedVm(input.vm, { gateway: deps.gateway, ...deps.settings });
  if (!found.ok) return found;
  const vm = found.value;
  let power: PowerState;
  try {
    power = (await deps.compute.getVm(vm.vmId)).powerState;
  } catch (error) {
    if (isKuraError(error)) return fail(error.code, error.message, error.remedy);
    throw error;
  }
  if (power !== "deallocated") return { ok: false, problem: notDeallocated(vm.vmName, power) };
  const request: BackupRequest = {
    ...pendingFields(input, vm, {
      id: deps.newId(),
      now: deps.clock.now(),
      ttlMs: deps.settings.requestTtlMs,
    }),
    kind: "snapshot",
    retentionDays: keepDays,
  };
  await deps.journal.requests.create(request);
  await deps.journal.record(request, {
    action: "request.created",
    actor: input.requester.id,
    detail: { kind: "snapshot", keepDays, reason: request.reason },
  });
  await deps.journal.emit(request, {
    type: "requested",
    requester: input.requester,
    retentionDays: keepDays,
    ...(request.reason ? { reason: request.reason } : {}),
  });
  return ok(request);
}

/** Why kura will not snapshot a VM that is not deallocated, and what to do instead. */
export function notDeallocated(
  vmName: string,
  power: PowerState,
): Problem & { code: "SNAPSHOT_VM_NOT_DEALLOCATED" } {
  return {
    code: "SNAPSHOT_VM_NOT_DEALLOCATED",
    message: `${vmName} is ${power === "unknown" ? "in an unknown power state" : power}, not deallocated. Disk snapshots are crash-consistent only: taken while the VM runs, they can miss writes still in memory and leave the disks inconsistent with each other.`,
    remedy: `Stop and deallocate ${vmName} first (Azure portal "Stop", or az vm deallocate), or use /backup ${vmName} for an application-consistent backup with Azure VM Backup.`,
  };
}
