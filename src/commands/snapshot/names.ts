/**
 * How kura names and tags the snapshots it makes. Names are deterministic per request and disk, so a
 * PUT repeated after a crash addresses the same snapshot; tags are how the cleanup recognises kura's
 * own snapshots (it never touches one without them).
 */
import type { VmDisk } from "../ports/compute-gateway.ts";
import type { Actor } from "../ports/requests.ts";

export const TAG_REQUEST = "kura-request";
export const TAG_REQUESTER = "kura-requester";
/** ISO-8601 instant after which the daily cleanup deletes the snapshot. */
export const TAG_EXPIRES = "kura-expires";
export const TAG_VM = "kura-vm";

/** `kura-<request>-os`, `kura-<request>-lun0`, …: within ARM's 80 characters whatever the disk's name. */
export function snapshotName(requestId: string, disk: Pick<VmDisk, "role" | "lun">): string {
  const request = requestId.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 60);
  return `kura-${request}-${disk.role === "os" ? "os" : `lun${disk.lun ?? 0}`}`;
}

export function snapshotTags(input: {
  requestId: string;
  requester: Actor;
  expiresAt: string;
  vmName: string;
}): Record<string, string> {
  return {
    [TAG_REQUEST]: input.requestId,
    [TAG_REQUESTER]: `${input.requester.platform}:${input.requester.id}`.slice(0, 256),
    [TAG_EXPIRES]: input.expiresAt,
    [TAG_VM]: input.vmName,
  };
}
