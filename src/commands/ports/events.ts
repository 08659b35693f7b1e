import type { TextParams, WarningCode } from "../errors.ts";
import type { GcEvent } from "../gc/events.ts";
import type { SnapshotCleanupEvent } from "../snapshot/events.ts";
import type { Actor, BackupResult, Conversation, Failure, LifecycleProgress } from "./requests.ts";

/**
 * Chat-agnostic events. Each carries what an adapter needs to render it and to edit the right
 * message: the request, its conversation and its version (later versions supersede earlier ones).
 */
interface RequestEventBase {
  /** Unique and deterministic (`<requestId>:<version>:<type>`), so a re-emit after a crash is a no-op. */
  id: string;
  at: string;
  requestId: string;
  vmName: string;
  version: number;
  conversation: Conversation;
}

export type RequestEvent = RequestEventBase &
  (
    | { type: "requested"; requester: Actor; retentionDays: number; reason?: string }
    | { type: "approved"; by: Actor }
    | { type: "rejected"; by: Actor; reason?: string }
    | { type: "expired" }
    | { type: "queued"; behindRequestId: string }
    | { type: "step-started"; step: string }
    | { type: "step-finished"; step: string; skipped?: string }
    | { type: "progress"; progress: LifecycleProgress }
    | { type: "warning"; code: WarningCode; message: string; remedy?: string; params?: TextParams }
    | { type: "succeeded"; result: BackupResult }
    | { type: "failed"; failure: Failure }
    | { type: "cancelled"; by?: Actor; reason?: string }
  );

/** Events not tied to one request (the reconciler, the GC window, the restore point watch). */
export type SystemEvent = {
  id: string;
  at: string;
} & (
  | {
      type: "drift-repaired";
      vmName: string;
      from: string;
      to: string;
      reasons: string[];
    }
  | GcEvent
  | SnapshotCleanupEvent
);

export type KuraEvent = RequestEvent | SystemEvent;

export interface EventSink {
  emit(event: KuraEvent): Promise<void>;
}

/**
 * Events written with the state they describe (the transactional outbox, src/store/redis-event-outbox.ts):
 * a request's transition stores its event in the same atomic write, the journal emits it and acks it,
 * and a periodic relay re-emits what was never acked (a crash in between). Ids are event ids.
 */
export interface EventOutbox {
  /** Events written at least `olderThanMs` ago and not acked yet, oldest first, at most `limit`. */
  pending(olderThanMs: number, limit?: number): Promise<KuraEvent[]>;
  /** Removes the event (emitted); a no-op when it is gone already. */
  ack(eventId: string): Promise<void>;
}
