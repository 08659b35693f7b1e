/**
 * The append-only audit trail: who asked, who decided, and every Azure write kura made.
 */
export interface AuditEntry {
  /** Assigned by the log (stream id); absent when appending. */
  id?: string;
  at: string;
  /** e.g. `request.created`, `request.approved`, `azure.resume`, `azure.trigger`, `azure.stop`, `drift.repaired`. */
  action: string;
  /** Who caused it: a chat user, or `kura` for the worker's own writes. */
  actor: string;
  /** Ties the entries of one request (or one reconcile pass) together. */
  correlationId: string;
  vmName?: string;
  detail?: Record<string, string | number | boolean | undefined>;
}

export interface AppendOptions {
  /**
   * Records the entry at most once per key (e.g. `<requestId>:azure.stop`): a step retried after its
   * Azure write took effect records the write again under the same key, and the log keeps only one.
   */
  once?: string;
}

export interface AuditLog {
  /** Resolves with the entry's id, or undefined when `once` had already been recorded. */
  append(entry: AuditEntry, options?: AppendOptions): Promise<string | undefined>;
  /** Newest first. */
  read(options: { count: number; before?: string }): Promise<AuditEntry[]>;
  /** Oldest first, every entry, as JSON lines. */
  exportJsonLines(): AsyncIterable<string>;
  /**
   * Removes entries appended before `before` (retention), in bounded steps; a few older ones may stay
   * until their neighbours go too. Never removes a newer entry. Resolves how many it removed.
   */
  trimBefore(before: Date): Promise<number>;
}
