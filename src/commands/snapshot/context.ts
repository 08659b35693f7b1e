import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { ComputeGateway, VmDisk } from "../ports/compute-gateway.ts";
import type { BackupRequest, BackupResult, Failure } from "../ports/requests.ts";
import type { RequestJournal } from "../requests/journal.ts";

export type SnapshotStep = "check" | "snapshot" | "report" | "done";

/** What a snapshot request achieved so far, saved after every step and after every disk. */
export interface SnapshotCheckpoint {
  step: SnapshotStep;
  vm?: {
    id: string;
    name: string;
    subscriptionId: string;
    resourceGroup: string;
    location: string;
    disks: VmDisk[];
  };
  /** When the snapshots expire (the `kura-expires` tag), fixed once so every disk carries the same. */
  expiresAt?: string;
  /** Snapshots Azure reported created, in disk order. */
  taken?: NonNullable<BackupResult["snapshots"]>;
  failure?: Failure;
  transientErrors?: number;
}

export interface SnapshotDeps {
  /** To find the VM in the configured vaults (kura's scope) and its ARM id. */
  gateway: BackupGateway;
  compute: ComputeGateway;
  journal: RequestJournal;
  clock: Clock;
  settings: { maxTransientErrors: number };
}

export interface SnapshotRun {
  deps: SnapshotDeps;
  request: BackupRequest;
  checkpoint: SnapshotCheckpoint;
  commit(next: Partial<SnapshotCheckpoint>): Promise<void>;
  signal: AbortSignal | undefined;
}
