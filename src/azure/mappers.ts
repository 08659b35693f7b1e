/**
 * SDK models → the port's types. The SDK is lenient about discriminators (ref §1: unknown or missing
 * ones still pass the properties through), so we read fields structurally and tolerate absence.
 */
import type {
  AzureIaaSComputeVMProtectedItem,
  AzureIaaSVMErrorInfo,
  AzureIaaSVMJob,
  IaasVMRecoveryPoint,
  JobResource,
  OperationStatus,
  ProtectedItemResource,
  RecoveryPointResource,
} from "@azure/arm-recoveryservicesbackup";
import type {
  BackupJob,
  JobError,
  JobStatus,
  ProtectedVm,
  ProtectionState,
  RecoveryPoint,
  RecoveryPointTier,
  VaultRef,
} from "../commands/ports/backup-gateway.ts";
import { parseItemId } from "./arm-ids.ts";
import type { OperationSnapshot } from "./operations.ts";

const PROTECTION_STATES: ReadonlySet<string> = new Set([
  "Invalid",
  "IRPending",
  "Protected",
  "ProtectionError",
  "ProtectionStopped",
  "ProtectionPaused",
  "BackupsSuspended",
]);
const JOB_STATUSES: ReadonlySet<string> = new Set([
  "InProgress",
  "Completed",
  "Failed",
  "CompletedWithWarnings",
  "Cancelled",
  "Cancelling",
]);
const TIERS: ReadonlySet<string> = new Set(["InstantRP", "HardenedRP", "ArchivedRP"]);

/** A listed VM item, or undefined when it isn't an Azure VM item with a well-formed id. */
export function toProtectedVm(resource: ProtectedItemResource, vault: VaultRef): ProtectedVm | undefined {
  const path = parseItemId(resource.id);
  const p = resource.properties as Partial<AzureIaaSComputeVMProtectedItem> | undefined;
  // Classic (ASM) VMs are retired and take another item type on writes (ref §1); kura skips them.
  if (!path || !p || !resource.id || String(p.protectedItemType).startsWith("Microsoft.ClassicCompute")) {
    return undefined;
  }
  const vmName = p.friendlyName ?? p.sourceResourceId?.split("/").pop();
  if (!vmName) return undefined;
  const state = p.protectionState ?? "Invalid";
  return {
    vmName,
    vmId: p.sourceResourceId ?? p.virtualMachineId ?? "",
    vault,
    itemId: resource.id,
    fabricName: path.fabricName,
    containerName: path.containerName,
    itemName: path.itemName,
    protectionState: (PROTECTION_STATES.has(state) ? state : "Invalid") as ProtectionState,
    policyId: p.policyId || undefined,
    policyName: p.policyName || p.policyId?.split("/").pop() || undefined,
    lastBackupTime: asDate(p.lastBackupTime),
    lastBackupStatus: p.lastBackupStatus || undefined,
  };
}

/** A job (details or list entry). List entries come without `extendedInfo` (ref §2g). */
export function toBackupJob(resource: JobResource, vault: VaultRef): BackupJob {
  const p = (resource.properties ?? {}) as Partial<AzureIaaSVMJob>;
  const ext = p.extendedInfo;
  const status = p.status ?? "Invalid";
  return {
    id: resource.name ?? resource.id?.split("/").pop() ?? "",
    vault,
    vmName: p.entityFriendlyName ?? ext?.propertyBag?.["VM Name"] ?? "",
    operation: p.operation ?? "",
    status: (JOB_STATUSES.has(status) ? status : "Invalid") as JobStatus,
    startTime: asDate(p.startTime),
    endTime: asDate(p.endTime),
    isUserTriggered: p.isUserTriggered ?? false,
    tasks: (ext?.tasksList ?? []).map((t) => ({
      name: t.taskId ?? "",
      status: t.status ?? "",
      progressPercent: finite(t.progressPercentage),
    })),
    progressPercent: finite(ext?.progressPercentage),
    errors: (p.errorDetails ?? []).map(toJobError),
    cancellable: (p.actionsInfo ?? []).includes("Cancellable"),
  };
}

/**
 * Where the mnemonic sits in `errorDetails[]` is undocumented (ref §8.3): `errorCode` is an int32.
 * Use `errorTitle` when it looks like an identifier, else recognise the RP limit by its text
 * (ref §4), else fall back to the numeric code.
 */
export function toJobError(e: AzureIaaSVMErrorInfo): JobError {
  const title = e.errorTitle?.trim() ?? "";
  const message = e.errorString ?? "";
  let code: string;
  if (/^[A-Za-z][A-Za-z0-9_]{2,}$/.test(title)) code = title;
  else if (/Restore Point collection max limit/i.test(`${title} ${message}`))
    code = "UserErrorRpCollectionLimitReached";
  else code = e.errorCode === undefined ? "Unknown" : String(e.errorCode);
  return { code, message: message || title, recommendations: e.recommendations ?? [] };
}

/** A recovery point with its tiers; `expiryTime` is a plain string in the SDK (ref §2i). */
export function toRecoveryPoint(resource: RecoveryPointResource): RecoveryPoint | undefined {
  const p = (resource.properties ?? {}) as Partial<IaasVMRecoveryPoint>;
  const time = asDate(p.recoveryPointTime);
  if (!time) return undefined;
  return {
    id: resource.name ?? resource.id?.split("/").pop() ?? "",
    time,
    tiers: (p.recoveryPointTierDetails ?? []).map((t) => ({
      type: (t.type && TIERS.has(t.type) ? t.type : "Invalid") as RecoveryPointTier,
      status: t.status ?? "Invalid",
    })),
    expiry: asDate(p.recoveryPointProperties?.expiryTime),
  };
}

/** True for a point that still sits in the VM's restore point collection (snapshot tier, Valid). */
export { isInstantRestorePoint } from "../commands/restore-points.ts";

/** An operation status → the fields the poller needs (ref §2f). */
export function toOperationSnapshot(
  op: OperationStatus,
  retryAfterMs: number | undefined,
): OperationSnapshot {
  const props = op.properties as { jobId?: unknown } | undefined;
  return {
    status: op.status,
    error: op.error ? { code: op.error.code, message: op.error.message } : undefined,
    jobId: typeof props?.jobId === "string" && props.jobId.length > 0 ? props.jobId : undefined,
    retryAfterMs,
    durationMs: durationOf(op),
  };
}

/** An ended operation's own duration; Azure's placeholder end time of a running one gives none. */
function durationOf(op: OperationStatus): number | undefined {
  if (op.status === "InProgress") return undefined;
  const start = asDate(op.startTime);
  const end = asDate(op.endTime);
  if (!start || !end) return undefined;
  const ms = end.getTime() - start.getTime();
  return ms >= 0 ? ms : undefined;
}

function asDate(value: Date | string | undefined | null): Date | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  // A string without a zone would be read as local time; Azure's times are UTC (ref §2f, §2i).
  const d = value instanceof Date ? value : new Date(/T[\d:.]+$/.test(value) ? `${value}Z` : value);
  return Number.isNaN(d.getTime()) || d.getTime() <= 0 ? undefined : d;
}

function finite(n: number | undefined | null): number | undefined {
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
