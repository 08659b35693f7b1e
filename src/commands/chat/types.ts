/**
 * The contract between the chat-agnostic core and every chat adapter (Slack, Teams, a web console).
 * Adapters turn platform payloads into these inputs and render these outputs; they hold no business
 * rules. Everything user-visible is a `Message` (a key plus parameters), rendered per locale.
 */
import type { SuggestedAction } from "../gc/events.ts";
import type { EmergencyRequest, EmergencyStatus } from "../gc/ports.ts";
import type { Actor, BackupRequest, Conversation } from "../ports/requests.ts";

export type Locale = "en" | "ja";

/**
 * A user-visible text: a catalog key and its parameters (rendered by `renderMessage`). A parameter
 * may itself be a `Message` (a failure's wording inside a thread line), rendered in the same locale.
 */
export interface Message {
  key: string;
  params?: Record<string, string | number | Message>;
}

/** A chat user as the core sees them; `groups` are platform group ids the adapter resolved. */
export interface ChatActor extends Actor {
  groups?: string[];
  locale?: Locale;
}

export interface CommandInput {
  /** The text after the slash command, e.g. `web-01 --retain 7d --reason "before patch"`. */
  text: string;
  actor: ChatActor;
  conversation: Conversation;
  /** A platform id unique to this invocation (Slack `trigger_id`); a repeat is ignored. */
  idempotencyKey?: string;
}

/** A block of facts, as label/value pairs, that adapters lay out as fields or a table. */
export interface Fact {
  label: Message;
  value: string | Message;
}

/** The request card: everything an approval message or its later edits show. */
export interface RequestView {
  requestId: string;
  version: number;
  /** A backup or snapshot request's status, or an emergency window request's (`closed`). */
  status: BackupRequest["status"] | EmergencyStatus;
  title: Message;
  facts: Fact[];
  /** Preflight findings, warnings, failures and their remedies, in display order. */
  notes: { level: "info" | "warning" | "error"; text: Message }[];
  /** A compact progress line while running (step, task, percent). */
  progress?: { text: Message; percent?: number };
  /** Buttons to offer: only while pending (approve/reject) or running (cancel). */
  actions: ("approve" | "reject" | "cancel")[];
}

/** What a command answers. Visible only to the caller unless it is `channel`. */
export type CommandReply =
  | { kind: "message"; visibility: "ephemeral" | "channel"; text: Message; facts?: Fact[]; lines?: Message[] }
  | { kind: "request-created"; request: BackupRequest; view: RequestView }
  /** Its card is posted by the notifier like a backup's (from the `emergency-window` event). */
  | { kind: "emergency-requested"; request: EmergencyRequest; view: RequestView }
  | { kind: "ignored" };

export interface DecisionInput {
  requestId: string;
  actor: ChatActor;
  approve: boolean;
  reason?: string;
}

/** A button on a system notice ("Request emergency window" on a restore point warning). */
export interface SuggestedActionInput {
  action: SuggestedAction;
  vm: string;
  /** Whoever clicked: they become the requester. */
  actor: ChatActor;
  /** Where the notice is: the new request's card is posted there. */
  conversation: Conversation;
  /** A platform id unique to this click; a repeat is ignored. */
  idempotencyKey?: string;
}

/** The result of a button: on success the card is updated through the notification queue. */
export type DecisionReply = { ok: true; view: RequestView } | { ok: false; text: Message };

/**
 * The one handler every chat platform calls. Implemented in the core over the request use cases;
 * composition roots give it its ports.
 */
export interface ChatService {
  handleCommand(input: CommandInput): Promise<CommandReply>;
  /** Approve/Reject of any card (backup, snapshot or emergency window request): one entry point. */
  decide(input: DecisionInput): Promise<DecisionReply>;
  /**
   * Whether the actor may make this decision now, asked before showing anything for it (Slack's
   * Reject reason modal, while its 3 s trigger_id waits: so no preflight preview on the view);
   * decides nothing. Refused, `text` says why, as `decide` would.
   */
  mayDecide(input: Omit<DecisionInput, "reason">): Promise<DecisionReply>;
  /** A system notice's button: what the notice suggests, asked for by the clicker. */
  suggested(input: SuggestedActionInput): Promise<CommandReply>;
  cancel(input: { requestId: string; actor: ChatActor }): Promise<DecisionReply>;
  /** The current card of a request (for rendering events and refreshing messages). */
  view(requestId: string, locale: Locale): Promise<RequestView | undefined>;
  /** Records where the request's card was posted, so later events edit it. */
  attachMessage(requestId: string, messageRef: string, threadRef?: string): Promise<void>;
}
