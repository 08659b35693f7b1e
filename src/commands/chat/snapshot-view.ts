/**
 * What a disk snapshot request's card shows instead of a backup's: how long the snapshots are kept
 * and, once taken, which they are (name, disk) and when kura deletes them. No recovery point, Azure
 * Backup job or restore point facts: snapshots are none of those.
 */
import type { BackupRequest } from "../ports/requests.ts";
import type { Message } from "./types.ts";

type Add = (key: string, value: string | Message | undefined) => void;

const msg = (key: string, params?: Message["params"]): Message => (params ? { key, params } : { key });

export const isSnapshot = (request: BackupRequest): boolean => request.kind === "snapshot";

/** The facts after the common ones (request, VM, vault). */
export function snapshotFacts(request: BackupRequest, add: Add): void {
  add("fact.keep", msg("value.days", { days: request.retentionDays }));
}

/** The outcome facts: every snapshot as `name (disk)`, and their expiry. */
export function snapshotResultFacts(request: BackupRequest, add: Add): void {
  const taken = request.result?.snapshots ?? [];
  if (taken.length === 0) return;
  add("fact.snapshots", taken.map((s) => `${s.name} (${s.disk})`).join("\n"));
  add("fact.snapshotsExpire", msg("value.time", { at: request.result?.recoveryPointExpiry ?? "" }));
}

/** A pending card's note: what approving does, and that the power state is checked again. */
export function snapshotNote(request: BackupRequest): Message | undefined {
  return request.status === "pending" ? msg("note.snapshotPending", { vm: request.vmName }) : undefined;
}
