/**
 * An in-memory chat platform for tests: a `ChatSender` that keeps what each conversation shows, can
 * answer a chosen call with a 429 (`SendError` rate-limited with `retryAfterMs`) or refuse a channel
 * (`undeliverable`), and a `PlatformEntry` that starts it in the bot role beside the configured
 * platforms. It touches no Slack file: it is what any new platform's sender must behave like to the
 * delivery pipeline, and the conformance expectations other senders can be held to.
 */
import type { Locale } from "../../src/commands/chat/types.ts";
import {
  type ChatPlatform,
  type ChatSender,
  type MessageRef,
  type Outbound,
  type PersonRef,
  SendError,
} from "../../src/commands/ports/chat-sender.ts";
import type { PlatformEntry } from "../../src/compose/platforms.ts";

export interface MemoryMessage {
  ref: MessageRef;
  /** Every version, oldest first (index 0: as posted). */
  history: Outbound[];
  content: Outbound;
  parent?: MessageRef;
}

export interface MemoryCall {
  method: "post" | "update" | "reply" | "tell";
  channelId: string;
  /** "ok", "429" or "refused". */
  answer: string;
}

type Method = MemoryCall["method"];

export class MemorySender implements ChatSender {
  readonly platform: string;
  readonly messages: MemoryMessage[] = [];
  readonly told: { person: PersonRef; content: Outbound }[] = [];
  readonly calls: MemoryCall[] = [];
  readonly #throttles = new Map<Method, { retryAfterMs: number; times: number }>();
  readonly #refused = new Map<string, string>();
  #seq = 0;

  constructor(platform = "memory") {
    this.platform = platform;
  }

  /** The next `times` calls of `method` answer 429 with Retry-After `retryAfterMs`. */
  throttle(method: Method, retryAfterMs: number, times = 1): void {
    this.#throttles.set(method, { retryAfterMs, times });
  }

  /** Posts and replies in `channelId` are refused as undeliverable with `code`. */
  refuse(channelId: string, code = "not_a_member"): void {
    this.#refused.set(channelId, code);
  }

  /** Top-level messages in a channel. */
  posts(channelId: string): MemoryMessage[] {
    return this.messages.filter((m) => m.ref.channelId === channelId && !m.parent);
  }

  replies(parent: MessageRef): MemoryMessage[] {
    return this.messages.filter((m) => m.parent?.messageId === parent.messageId);
  }

  #gate(method: Method, channelId: string): void {
    const throttle = this.#throttles.get(method);
    if (throttle && throttle.times > 0) {
      throttle.times -= 1;
      this.calls.push({ method, channelId, answer: "429" });
      throw new SendError("rate-limited", "slow down", {
        retryAfterMs: throttle.retryAfterMs,
        platformCode: "429",
      });
    }
    const refused = this.#refused.get(channelId);
    if (refused && method !== "tell") {
      this.calls.push({ method, channelId, answer: "refused" });
      throw new SendError("undeliverable", `refused: ${refused}`, {
        platformCode: refused,
        remedy: { key: "remedy.memory", params: { channel: channelId } },
      });
    }
    this.calls.push({ method, channelId, answer: "ok" });
  }

  async post(channelId: string, content: Outbound, _locale: Locale): Promise<MessageRef> {
    this.#gate("post", channelId);
    const ref = { channelId, messageId: `m${++this.#seq}` };
    this.messages.push({ ref, content, history: [content] });
    return ref;
  }

  async update(ref: MessageRef, content: Outbound, _locale: Locale): Promise<void> {
    this.#gate("update", ref.channelId);
    const message = this.messages.find((m) => m.ref.messageId === ref.messageId);
    if (!message) throw new SendError("undeliverable", "no such message", { platformCode: "gone" });
    message.content = content;
    message.history.push(content);
  }

  async reply(parent: MessageRef, content: Outbound, _locale: Locale): Promise<MessageRef> {
    this.#gate("reply", parent.channelId);
    const ref = { channelId: parent.channelId, messageId: `m${++this.#seq}` };
    this.messages.push({ ref, content, history: [content], parent });
    return ref;
  }

  async tell(person: PersonRef, content: Outbound, _locale: Locale): Promise<void> {
    this.#gate("tell", person.channelId);
    this.told.push({ person, content });
  }
}

/** A platform entry for `startBotRole(..., { platforms: [memoryPlatform(sender, channels)] })`. */
export function memoryPlatform(sender: MemorySender, noticeChannels: readonly string[] = []): PlatformEntry {
  return {
    id: sender.platform,
    configured: () => true,
    start: async (): Promise<ChatPlatform> => ({
      platform: sender.platform,
      sender,
      noticeChannels,
      ready: async () => true,
      close: async () => {},
    }),
  };
}

export { waitFor as until } from "./poll.ts";
