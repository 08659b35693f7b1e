/**
 * Slack as a `ChatSender`: Outbound content as Block Kit through the Web API, and Slack's errors in
 * the pipeline's words. Its client is built with `rejectRateLimitedCalls`, so a 429 surfaces at once
 * as `rate-limited` with Retry-After (the job waits in the queue's delayed set instead of the client
 * sleeping inside it); a channel kura cannot post in is `undeliverable` with a remedy from the catalog.
 */
import type { webApi } from "@slack/bolt";
import type { Locale } from "../../commands/chat/types.ts";
import {
  type ChatSender,
  type MessageRef,
  type Outbound,
  type PersonRef,
  SendError,
} from "../../commands/ports/chat-sender.ts";
import type { Render } from "../platform.ts";
import { slackMessage } from "./outbound.ts";

/** Slack error codes that waiting will not fix, and the remedy each one has in the catalog. */
const UNDELIVERABLE: ReadonlySet<string> = new Set([
  "channel_not_found",
  "not_in_channel",
  "invalid_blocks",
  "is_archived",
]);
/** Other permanent refusals: nothing to tell anyone, but no point retrying either. */
const REFUSED: ReadonlySet<string> = new Set(["message_not_found", "cant_update_message", "msg_too_long"]);

/** A Web API error as a `SendError` (Slack's own code kept in `platformCode`). */
export function sendErrorOf(error: unknown): SendError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string } } | undefined;
  if (e?.code === "slack_webapi_rate_limited_error") {
    const seconds = typeof e.retryAfter === "number" ? e.retryAfter : 1;
    return new SendError("rate-limited", "Slack asked kura to slow down (429).", {
      retryAfterMs: Math.max(1, seconds) * 1_000,
      platformCode: "ratelimited",
      cause: error,
    });
  }
  const code = e?.code === "slack_webapi_platform_error" ? e.data?.error : undefined;
  if (code && UNDELIVERABLE.has(code)) {
    return new SendError("undeliverable", `Slack refused the message: ${code}.`, {
      platformCode: code,
      remedy: { key: `remedy.slack.${code}` },
      cause: error,
    });
  }
  if (code && REFUSED.has(code)) {
    return new SendError("undeliverable", `Slack refused the message: ${code}.`, {
      platformCode: code,
      cause: error,
    });
  }
  return new SendError("transient", `Slack call failed${code ? `: ${code}` : ""}.`, {
    ...(code ? { platformCode: code } : {}),
    cause: error,
  });
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw sendErrorOf(error);
  }
}

export class SlackSender implements ChatSender {
  readonly platform = "slack";
  readonly #client: webApi.WebClient;
  readonly #render: Render;

  constructor(client: webApi.WebClient, render: Render) {
    this.#client = client;
    this.#render = render;
  }

  post(channelId: string, content: Outbound, locale: Locale): Promise<MessageRef> {
    return call(async () => {
      const message = slackMessage(content, locale, this.#render);
      const answer = await this.#client.chat.postMessage({ channel: channelId, ...message });
      return { channelId: answer.channel ?? channelId, messageId: String(answer.ts) };
    });
  }

  update(ref: MessageRef, content: Outbound, locale: Locale): Promise<void> {
    return call(async () => {
      const message = slackMessage(content, locale, this.#render);
      await this.#client.chat.update({ channel: ref.channelId, ts: ref.messageId, ...message });
    });
  }

  reply(parent: MessageRef, content: Outbound, locale: Locale): Promise<MessageRef> {
    return call(async () => {
      const message = slackMessage(content, locale, this.#render);
      const answer = await this.#client.chat.postMessage({
        channel: parent.channelId,
        thread_ts: parent.messageId,
        ...message,
      });
      return { channelId: answer.channel ?? parent.channelId, messageId: String(answer.ts) };
    });
  }

  /**
   * An ephemeral message in the person's channel; where kura cannot post there (the very reason a
   * card was undeliverable), a direct message from the app instead.
   */
  async tell(person: PersonRef, content: Outbound, locale: Locale): Promise<void> {
    const message = slackMessage(content, locale, this.#render);
    try {
      await call(() =>
        this.#client.chat.postEphemeral({ channel: person.channelId, user: person.userId, ...message }),
      );
    } catch (error) {
      if (!(error instanceof SendError) || error.problem !== "undeliverable") throw error;
      await call(() => this.#client.chat.postMessage({ channel: person.userId, ...message }));
    }
  }
}
