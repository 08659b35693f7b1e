import { isKuraError, isStoreCode } from "../errors.ts";
import type { AuditLog } from "../ports/audit.ts";
import type { BackupGateway, CallOptions } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { ComputeGateway, DiskSnapshot, SnapshotScope } from "../ports/compute-gateway.ts";
import type { EventSink } from "../ports/events.ts";
import type { SnapshotCleanupEvent } from "./events.ts";
import { TAG_EXPIRES, TAG_REQUEST, TAG_VM } from "./names.ts";

export interface SnapshotCleanupDeps {
  gateway: BackupGateway;
  compute: ComputeGateway;
  audit: AuditLog;
  events: EventSink;
  clock: Clock;
}

export type SnapshotCleanupReport = Omit<SnapshotCleanupEvent, "type"> & { scanned: number };

const VM_SCOPE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i;

/**
 * The daily cleanup: deletes kura's disk snapshots whose `kura-expires` tag has passed, in the resource
 * groups of the VMs kura manages. A snapshot without both `kura-request` and `kura-expires` is never
 * touched, whoever made it. Every deletion is audited; a run that deleted or failed anything publishes
 * one `snapshots-cleaned` event.
 */
export async function cleanupExpiredSnapshots(
  deps: SnapshotCleanupDeps,
  signal?: AbortSignal,
): Promise<SnapshotCleanupReport> {
  const options: CallOptions = signal ? { signal } : {};
  const now = deps.clock.now();
  const report: SnapshotCleanupReport = { scanned: 0, deleted: [], failed: [] };
  for (const scope of await scopesOf(deps.gateway, options)) {
    const ours = await deps.compute.listSnapshots(scope, TAG_REQUEST, options);
    report.scanned += ours.length;
    for (const snapshot of ours.filter((s) => isExpired(s, now))) {
      await deleteOne(deps, snapshot, report, options);
    }
  }
  if (report.deleted.length > 0 || report.failed.length > 0) {
    const at = now.toISOString();
    await deps.events.emit({
      id: `snapshots-cleaned:${at}`,
      at,
      type: "snapshots-cleaned",
      deleted: report.deleted,
      failed: report.failed,
    });
  }
  return report;
}

async function deleteOne(
  deps: SnapshotCleanupDeps,
  snapshot: DiskSnapshot,
  report: SnapshotCleanupReport,
  options: CallOptions,
): Promise<void> {
  const requestId = snapshot.tags[TAG_REQUEST];
  const vmName = snapshot.tags[TAG_VM];
  const expiredAt = snapshot.tags[TAG_EXPIRES] ?? "";
  try {
    await deps.compute.deleteSnapshot(snapshot, snapshot.name, options);
  } catch (error) {
    if (!isKuraError(error) || error.code === "ABORTED" || isStoreCode(error.code)) throw error;
    report.failed.push({
      name: snapshot.name,
      resourceGroup: snapshot.resourceGroup,
      code: error.code,
      message: error.message,
    });
    return;
  }
  report.deleted.push({
    name: snapshot.name,
    resourceGroup: snapshot.resourceGroup,
    expiredAt,
    ...(vmName ? { vmName } : {}),
    ...(requestId ? { requestId } : {}),
  });
  await deps.audit.append({
    at: deps.clock.now().toISOString(),
    action: "azure.snapshot-deleted",
    actor: "kura",
    correlationId: requestId ?? `snapshot-cleanup:${snapshot.name}`,
    ...(vmName ? { vmName } : {}),
    detail: { snapshot: snapshot.name, resourceGroup: snapshot.resourceGroup, expiredAt },
  });
}

/** Only snapshots carrying kura's request tag and a readable expiry that has passed. */
function isExpired(snapshot: DiskSnapshot, now: Date): boolean {
  if (!snapshot.tags[TAG_REQUEST]) return false;
  const expires = Date.parse(snapshot.tags[TAG_EXPIRES] ?? "");
  return Number.isFinite(expires) && expires <= now.getTime();
}

/** The resource groups of the VMs kura manages: where it puts (and so looks for) its snapshots. */
async function scopesOf(gateway: BackupGateway, options: CallOptions): Promise<SnapshotScope[]> {
  const scopes = new Map<string, SnapshotScope>();
  for (const vm of await gateway.listProtectedVms(options)) {
    const m = VM_SCOPE.exec(vm.vmId);
    if (!m) continue;
    const scope = { subscriptionId: m[1] as string, resourceGroup: m[2] as string };
    scopes.set(`${scope.subscriptionId}/${scope.resourceGroup}`.toLowerCase(), scope);
  }
  return [...scopes.values()];
}
