import type { FailureCode, TextParams, WarningCode } from "../errors.ts";
import type { VaultRef } from "./backup-gateway.ts";

/**
 * A backup request's life: pending approval → approved | rejected | expired → running →
 * succeeded | failed | cancelled. Terminal requests stay readable (history).
 */
export type RequestStatus =
  | "pending"
  | "approved"
  | "rejected"
  | "expired"
  | "running"
  | "succeeded"
  | "failed"
  | "cancelled";

export const TERMINAL_STATUSES: readonly RequestStatus[] = [
  "rejected",
  "expired",
  "succeeded",
  "failed",
  "cancelled",
];

/** Someone acting in a chat platform (or a CLI). `platform` is opaque to the core. */
export interface Actor {
  platform: string;
  id: string;
  name?: string;
}

/** Where a request was made, so adapters can post to and edit the right message. Opaque to the core. */
export interface Conversation {
  platform: string;
  channelId: string;
  /** The platform's id of the request's message (Slack `ts`, Teams activity id), once posted. */
  messageRef?: string;
  threadRef?: string;
}

/**
 * Why a run failed. `code` + `params` are what a reader sees, worded in their language from the
 * catalogs; `message` and `remedy` are the English wording for logs and the audit trail (and what a
 * request stored before `params` existed shows). `azureCode` is Azure's own code, kept verbatim.
 */
export interface Failure {
  code: FailureCode;
  message: string;
  remedy?: string;
  azureCode?: string;
  /** The catalog wording's parameters; absent on failures stored before they were worded per language. */
  params?: TextParams;
}

/** A warning on a running request, worded per language like a `Failure`. */
export interface Warning {
  code: WarningCode;
  params: TextParams;
}

export interface LifecycleProgress {
  step: string;
  task?: string;
  percent?: number;
  azureJobId?: string;
}

export interface BackupResult {
  /** The Azure Backup job; empty for a disk snapshot request (no Azure Backup job is involved). */
  azureJobId: string;
  recoveryPointTime?: string;
  recoveryPointExpiry: string;
  durationMs: number;
  instantRestorePoints?: number;
  /** Azure's restore point limit; 0 for a disk snapshot request (snapshots are not restore points). */
  restorePointLimit: number;
  /** Disk snapshot requests only: one snapshot per managed disk, OS disk first. */
  snapshots?: { name: string; id: string; disk: string; resourceGroup: string }[];
}

export interface BackupRequest {
  id: string;
  /**
   * What approval starts: an Azure VM Backup (absent, the default) or managed disk snapshots of a
   * deallocated VM (`snapshot`, src/commands/snapshot/), whose `retentionDays` is how long kura keeps them.
   */
  kind?: "snapshot";
  vmName: string;
  vault: VaultRef;
  retentionDays: number;
  reason?: string;
  requester: Actor;
  conversation: Conversation;
  /** ISO timestamps (the store keeps JSON). */
  createdAt: string;
  expiresAt: string;
  status: RequestStatus;
  /** Bumped on every write; lets adapters drop stale edits and events carry an order. */
  version: number;
  decision?: { by: Actor; at: string; reason?: string };
  /** `reason` is set when kura itself ended the request (`undeliverable`: its card could not be posted). */
  cancelRequested?: { by: Actor; at: string; reason?: string };
  progress?: LifecycleProgress;
  /** Plain strings are English warnings stored before warnings carried codes. */
  warnings?: (string | Warning)[];
  result?: BackupResult;
  failure?: Failure;
  startedAt?: string;
  finishedAt?: string;
}

/** The fields a transition may change. */
export type RequestPatch = Partial<Omit<BackupRequest, "id" | "version" | "createdAt">>;

export interface RequestStore {
  /** Stores a new request; throws if the id exists. */
  create(request: BackupRequest): Promise<void>;
  get(id: string): Promise<BackupRequest | undefined>;
  /**
   * Applies `patch` atomically if the request's status is one of `from` (compare-and-set across
   * processes); resolves undefined when the status was something else (someone else won the race).
   * `event`, given the request as written, makes the event stored in the same atomic write (the
   * outbox, `EventOutbox`): it may be called more than once, the last call is the one written.
   * Given the request as this store returned it (rather than its id), the store may start from that
   * instead of reading it again; what changed since is still seen, and never overwritten.
   */
  transition(
    target: string | BackupRequest,
    from: readonly RequestStatus[],
    patch: RequestPatch,
    event?: (next: BackupRequest) => { id: string },
  ): Promise<BackupRequest | undefined>;
  /** Newest first. */
  listByVm(vmName: string, limit: number): Promise<BackupRequest[]>;
  /** Newest first. */
  listRecent(limit: number): Promise<BackupRequest[]>;
  /** Requests in `approved` or `running`. */
  listActive(): Promise<BackupRequest[]>;
  /** Pending requests whose expiry has passed at `now`. */
  listExpired(now: Date): Promise<BackupRequest[]>;
  /**
   * One page of history pruning (`pruneHistory`): looks at up to `page.limit` requests created before
   * `endedBefore`, oldest first, after skipping `page.offset` of them (the ones earlier pages kept),
   * and removes each that ended before `endedBefore` (`hasEndedBefore`) with its index entries and
   * everything else kept under its id, atomically per request. A request that has not ended, or that
   * changed while the page ran, is kept. Resolves how many it looked at and how many it removed.
   */
  pruneEnded(endedBefore: Date, page: { limit: number; offset: number }): Promise<PrunePage>;
}

export interface PrunePage {
  looked: number;
  removed: number;
}
