import type { AuditLog } from "../ports/audit.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventOutbox, EventSink, RequestEvent } from "../ports/events.ts";
import type { BackupRequest, RequestPatch, RequestStatus, RequestStore } from "../ports/requests.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event's own fields; the journal adds id, time, request, VM, version and conversation. */
export type RequestEventBody = DistributiveOmit<
  RequestEvent,
  "id" | "at" | "requestId" | "vmName" | "version" | "conversation"
>;

export interface AuditNote {
  action: string;
  actor: string;
  detail?: Record<string, string | number | boolean | undefined>;
}

export interface JournalDeps {
  requests: RequestStore;
  events: EventSink;
  /** Where transitions' events are written with the state; without it, a crash in between loses the event. */
  outbox?: EventOutbox;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Every change to a request goes through here, so that the store, the notification events and the
 * audit trail never disagree. Event ids are deterministic: re-running a step after a crash re-emits
 * the same ids, which the notification queue drops as duplicates.
 *
 * A transition's event is written with the state (the store puts it in the outbox in the same atomic
 * write), then emitted and acked here; if this process dies in between, `relayOutbox` (the worker's
 * maintenance) emits it later. Emitting twice is harmless: the notification job id is the event id.
 */
export class RequestJournal {
  readonly #deps: JournalDeps;

  constructor(deps: JournalDeps) {
    this.#deps = deps;
  }

  get requests(): RequestStore {
    return this.#deps.requests;
  }

  /**
   * Compare-and-set the request, then publish `event` and record `audit`; undefined if the CAS lost.
   * `target` is the request's id, or the request as the store returned it (spares a read).
   */
  async transition(
    target: string | BackupRequest,
    from: readonly RequestStatus[],
    patch: RequestPatch,
    event?: RequestEventBody,
    audit?: AuditNote,
  ): Promise<BackupRequest | undefined> {
    const { outbox } = this.#deps;
    let written: RequestEvent | undefined;
    const updated = await this.#deps.requests.transition(
      target,
      from,
      patch,
      event && outbox ? (next) => (written = this.#event(next, event)) : undefined,
    );
    if (!updated) return undefined;
    const announce = async () => {
      if (written && outbox) {
        await this.#deps.events.emit(written);
        await outbox.ack(written.id);
      } else if (event) await this.emit(updated, event);
    };
    // The audit entry and the event are independent writes: at once, one round trip instead of two
    // before the caller goes on (an approval's job is queued after this).
    await Promise.all([audit ? this.record(updated, audit) : undefined, announce()]);
    return updated;
  }

  /** Publishes an event about the request as it is now; `suffix` separates same-version events. */
  async emit(request: BackupRequest, body: RequestEventBody, suffix = ""): Promise<void> {
    await this.#deps.events.emit(this.#event(request, body, suffix));
  }

  /**
   * Emits the outbox's events written at least `olderThanMs` ago and never acked (their journal died
   * between the state write and the emit), then acks them; resolves how many it emitted.
   */
  async relayOutbox(olderThanMs: number, limit = 100): Promise<number> {
    const { outbox } = this.#deps;
    if (!outbox) return 0;
    const events = await outbox.pending(olderThanMs, limit);
    for (const event of events) {
      await this.#deps.events.emit(event);
      await outbox.ack(event.id);
    }
    return events.length;
  }

  #event(request: BackupRequest, body: RequestEventBody, suffix = ""): RequestEvent {
    return {
      ...body,
      id: `${request.id}:${request.version}:${body.type}${suffix ? `:${suffix}` : ""}`,
      at: this.#deps.clock.now().toISOString(),
      requestId: request.id,
      vmName: request.vmName,
      version: request.version,
      conversation: request.conversation,
    } as RequestEvent;
  }

  /**
   * Appends an audit entry about the request. `once` records it at most once per request and key:
   * Azure writes use it (`azure.resume`, …) so a step retried after its write took effect records it
   * exactly once, whichever attempt saw the write land.
   */
  async record(request: BackupRequest, note: AuditNote, options: { once?: string } = {}): Promise<void> {
    const once = options.once === undefined ? {} : { once: `${request.id}:${options.once}` };
    await this.#deps.audit.append(
      {
        at: this.#deps.clock.now().toISOString(),
        action: note.action,
        actor: note.actor,
        correlationId: request.id,
        vmName: request.vmName,
        ...(note.detail ? { detail: note.detail } : {}),
      },
      once,
    );
  }
}
