/**
 * How kura *speaks* on a chat platform: the one outbound contract every platform implements
 * (Slack, Teams, the local console, an in-memory sender in tests). It is as small as Bolt's
 * `Receiver`: post, update in place, reply in a thread, tell one person. Everything else about
 * delivery — which message shows which request, edit coalescing, burst summaries, rate-limit
 * delays, undeliverable cards — lives once, in the delivery pipeline, for every platform.
 *
 * A sender renders `Outbound` content (core view models with no platform types) into its own
 * format (Block Kit, an Adaptive Card, HTML) and escapes and cuts every text to its platform's
 * limits. It keeps no delivery state of its own beyond what the platform needs to address a
 * conversation (Teams' stored conversation references).
 */
import type { SystemNotice } from "../chat/system-notice.ts";
import type { Locale, Message, RequestView } from "../chat/types.ts";

/** What a conversation shows, decided by the core; a sender only lays it out. */
export type Outbound =
  /** A request's card (backup, snapshot or emergency window), posted once and updated in place. */
  | { kind: "card"; view: RequestView }
  /** One line in a card's thread (a milestone: approved, a step finished, the outcome). */
  | { kind: "line"; text: Message }
  /** One system notice, or a GC window summary (edited as the window progresses). */
  | { kind: "notice"; notice: SystemNotice }
  /** A burst of system notices of one kind, as one message edited as it grows. */
  | { kind: "burst"; title: Message; notices: SystemNotice[]; more?: Message }
  /** A private notice to one person (an undeliverable card's requester, for one). */
  | { kind: "private"; text: Message; remedy?: Message };

/** Where a posted message is, in the platform's own ids (Slack channel + `ts`, Teams conversation + activity id). */
export interface MessageRef {
  channelId: string;
  messageId: string;
}

/** One person in one conversation, for a private notice. */
export interface PersonRef {
  /** The platform's user id (Slack `U…`, Teams AAD object id, console person id). */
  userId: string;
  /** The conversation they are in (a private notice is shown there, to them alone, where the platform can). */
  channelId: string;
}

export interface ChatSender {
  /** The platform this sender speaks on; matches `Conversation.platform` and `Actor.platform`. */
  readonly platform: string;
  /**
   * Posts `content` as a new message in `channelId`. `locale` is the deployment's language; a
   * sender that knows the conversation's own language (Teams' activity `locale`) may use that.
   */
  post(channelId: string, content: Outbound, locale: Locale): Promise<MessageRef>;
  /** Replaces the message at `ref` with `content` (a card's new state, a grown burst). */
  update(ref: MessageRef, content: Outbound, locale: Locale): Promise<void>;
  /** Posts `content` in the thread of (or, where there are no threads, right after) `parent`. */
  reply(parent: MessageRef, content: Outbound, locale: Locale): Promise<MessageRef>;
  /** Shows `content` to one person only (Slack ephemeral, Teams 1:1 chat, the console's person). */
  tell(person: PersonRef, content: Outbound, locale: Locale): Promise<void>;
}

/**
 * Why a send failed, in the pipeline's words. A sender throws `SendError`; anything else it throws
 * counts as `transient`.
 * - `rate-limited`: the platform said wait (`retryAfterMs`); the job waits, nothing is failed or lost.
 * - `transient`: a 5xx, a reset, a timeout: retried with backoff.
 * - `undeliverable`: this conversation cannot receive the message and waiting will not change it
 *   (Slack `channel_not_found`, `not_in_channel`, `invalid_blocks`; Teams 403/404 or removed from
 *   the conversation). `remedy` says what a person can do ("invite @kura to #ops").
 */
export type SendProblem = "rate-limited" | "transient" | "undeliverable";

export class SendError extends Error {
  readonly problem: SendProblem;
  readonly retryAfterMs: number | undefined;
  /** The platform's own error code (`channel_not_found`, HTTP 403…), kept verbatim for operators. */
  readonly platformCode: string | undefined;
  readonly remedy: Message | undefined;

  constructor(
    problem: SendProblem,
    message: string,
    options: { retryAfterMs?: number; platformCode?: string; remedy?: Message; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SendError";
    this.problem = problem;
    this.retryAfterMs = options.retryAfterMs;
    this.platformCode = options.platformCode;
    this.remedy = options.remedy;
  }
}

/**
 * A running chat platform as the composition root sees it: what `startSlack(...)`,
 * `startTeams(...)` and `startConsole(...)` return. The root passes every running platform's sender
 * to the delivery pipeline, which consumes only the events of platforms running in this process.
 */
export interface ChatPlatform {
  readonly platform: string;
  readonly sender: ChatSender;
  /** Where system notices (GC window, restore point warnings, drift repairs) go on this platform. */
  readonly noticeChannels: readonly string[];
  /** Resolves true when the platform is authenticated and can take requests (for `/readyz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
