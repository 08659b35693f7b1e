/** What every part of the delivery pipeline shares. */
import type { Locale, RequestView } from "../chat/types.ts";
import type { ChatSender } from "../ports/chat-sender.ts";
import type { DeliveryState } from "../ports/delivery-state.ts";
import type { Actor } from "../ports/requests.ts";

/** The requests side of delivery: a card's current state, where it was posted, and the undeliverable end. */
export interface CardSource {
  /** The request's current card (backup, snapshot or emergency window request). */
  view(requestId: string, locale: Locale): Promise<RequestView | undefined>;
  /** Records where the card was posted (the core's `ChatService.attachMessage`). */
  attachMessage(requestId: string, messageRef: string): Promise<void>;
  /**
   * Ends a request whose card cannot be posted: cancelled with reason `undeliverable`, in the audit
   * trail (idempotent). Answers the requester (whether this call or an earlier one ended it), or
   * undefined when no such backup request exists (an emergency window request).
   */
  undeliverable(
    requestId: string,
    detail: { platform: string; platformCode?: string },
  ): Promise<Actor | undefined>;
}

export interface DeliverySettings {
  /** Least time between two edits of one message (Slack allows about one per second). @defaultValue 1000 */
  editEveryMs?: number;
  /** A system-event burst ends after this long without an event of its type. @defaultValue 600000 */
  burstQuietMs?: number;
  /** How long a card's message is remembered after its last change. @defaultValue 30 days */
  messageTtlMs?: number;
}

export interface DeliveryDeps {
  /** The senders of the platforms running in this process, by platform id. */
  senders: ReadonlyMap<string, ChatSender>;
  /** Where system notices go, by platform id. */
  noticeChannels: ReadonlyMap<string, readonly string[]>;
  state: DeliveryState;
  cards: CardSource;
  /** Channel messages are read by many: they use the deployment's language. */
  locale: Locale;
  settings?: DeliverySettings;
}

/** One platform's view of the pipeline, as the card and notice code uses it. */
export interface Speaker {
  platform: string;
  sender: ChatSender;
  state: DeliveryState;
  cards: CardSource;
  locale: Locale;
  editEveryMs: number;
  burstQuietMs: number;
  messageTtlMs: number;
}

/** What a delivery came to; only a wait (`RunLater`) or a transient failure is thrown. */
export type DeliveryOutcome =
  | { status: "shown" }
  | { status: "undeliverable"; channelId: string; platformCode?: string; detail: string };
