/** The system event the daily snapshot cleanup publishes (not tied to one request). */
export interface SnapshotCleanupEvent {
  type: "snapshots-cleaned";
  /** Snapshots deleted because their `kura-expires` tag had passed. */
  deleted: { name: string; resourceGroup: string; vmName?: string; requestId?: string; expiredAt: string }[];
  /** Snapshots kura tried and failed to delete; the next run tries again. */
  failed: { name: string; resourceGroup: string; code: string; message: string }[];
}
