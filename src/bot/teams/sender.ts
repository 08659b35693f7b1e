/**
 * kura speaking in Teams (`ChatSender`): every send is proactive, from a conversation reference
 * stored in Redis, never from a turn context (which is revoked once its turn ends). The Bot
 * Connector client's own retries are taken out, so a 429 or a gateway error reaches the delivery
 * pipeline at once as a `SendError` with Teams' advised delay, and a waiting message never holds
 * a worker. Teams allows about 7 messages per second per conversation; the pipeline paces them.
 */
import type { CloudAdapter, TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Locale } from "../../commands/chat/types.ts";
import type { ChatSender, MessageRef, Outbound, PersonRef } from "../../commands/ports/chat-sender.ts";
import { SendError } from "../../commands/ports/chat-sender.ts";
import type { Render } from "./cards.ts";
import { localeOf, PLATFORM } from "./inbound.ts";
import { activityOf } from "./outbound.ts";
import { baseConversationId, type ConversationReferences, type StoredReference } from "./references.ts";
import { toSendError } from "./send-errors.ts";

export interface TeamsSenderOptions {
  adapter: CloudAdapter;
  /** The bot's app id; empty in local mode. */
  appId: string;
  references: ConversationReferences;
  render: Render;
}

type Call<T> = (client: ConnectorClient, reference: StoredReference) => Promise<T>;

export class TeamsSender implements ChatSender {
  readonly platform = PLATFORM;
  readonly #options: TeamsSenderOptions;

  constructor(options: TeamsSenderOptions) {
    this.#options = options;
  }

  async post(channelId: string, content: Outbound, locale: Locale): Promise<MessageRef> {
    const reference = await this.#reference(channelId);
    const activity = activityOf(content, this.#locale(reference, locale), this.#options.render);
    const id = await this.#call(reference, "a post", async (client, ref) => {
      const answer = await client.conversations.sendToConversation(ref.conversation.id, activity);
      return answer.id;
    });
    return { channelId: reference.conversation.id, messageId: id };
  }

  async update(ref: MessageRef, content: Outbound, locale: Locale): Promise<void> {
    const reference = await this.#reference(ref.channelId);
    const activity = {
      ...activityOf(content, this.#locale(reference, locale), this.#options.render),
      id: ref.messageId,
    };
    await this.#call(reference, "an update", async (client) => {
      await client.conversations.updateActivity(ref.channelId, ref.messageId, activity);
      return ref.messageId;
    });
  }

  async reply(parent: MessageRef, content: Outbound, locale: Locale): Promise<MessageRef> {
    const reference = await this.#reference(parent.channelId);
    const activity = activityOf(content, this.#locale(reference, locale), this.#options.render);
    // A channel post's thread is a conversation of its own (`<channel>;messageid=<post>`); chats
    // have no threads, so the reply follows the message it answers.
    const thread =
      reference.conversation.conversationType === "channel"
        ? `${baseConversationId(parent.channelId)};messageid=${parent.messageId}`
        : undefined;
    const id = await this.#call(reference, "a reply", async (client) => {
      const answer = thread
        ? await client.conversations.sendToConversation(thread, activity)
        : await client.conversations.replyToActivity(parent.channelId, parent.messageId, activity);
      return answer.id;
    });
    return { channelId: thread ?? parent.channelId, messageId: id };
  }

  /**
   * Teams has no message only one person sees in a shared conversation: a private notice goes to
   * the person's personal chat with kura when there is one, else into the conversation itself.
   */
  async tell(person: PersonRef, content: Outbound, locale: Locale): Promise<void> {
    const personal = await this.#options.references.personal(person.userId);
    if (personal) {
      const activity = activityOf(content, this.#locale(personal, locale), this.#options.render);
      await this.#call(personal, "a private notice", async (client, ref) => {
        return (await client.conversations.sendToConversation(ref.conversation.id, activity)).id;
      });
      return;
    }
    await this.post(person.channelId, content, locale);
  }

  #locale(reference: StoredReference, fallback: Locale): Locale {
    return localeOf(reference.locale) ?? fallback;
  }

  async #reference(channelId: string): Promise<StoredReference> {
    const reference = await this.#options.references.get(channelId);
    if (reference) return reference;
    throw new SendError("undeliverable", `kura has no conversation reference for ${channelId}`, {
      platformCode: "no_conversation_reference",
      remedy: { key: "teams.remedy.notInstalled" },
    });
  }

  /** Runs `call` with a connector client for the reference's service URL, outside any inbound turn. */
  async #call<T>(reference: StoredReference, what: string, call: Call<T>): Promise<T> {
    const { adapter, appId } = this.#options;
    let result: T | undefined;
    // A failure is caught inside the turn: thrown out of it, the adapter's onTurnError would take
    // it (and log it as a crash) instead of this send, whose caller decides when to try again.
    let failure: { error: unknown } | undefined;
    try {
      await adapter.continueConversationAsync(appId, reference, async (context: TurnContext) => {
        try {
          const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
          withoutRetries(client);
          result = await call(client, reference);
        } catch (error) {
          failure = { error };
        }
      });
    } catch (error) {
      failure = { error };
    }
    if (failure) throw toSendError(failure.error, what);
    return result as T;
  }
}

/**
 * The connector client's pipeline retries 429s (sleeping through Retry-After) and 5xx answers
 * itself; the delivery pipeline owns retries, so those policies are removed from this client.
 */
function withoutRetries(client: ConnectorClient): void {
  const pipeline = (
    client as unknown as { client?: { pipeline?: { removePolicy(p: { name: string }): unknown } } }
  ).client?.pipeline;
  pipeline?.removePolicy({ name: "defaultRetryPolicy" });
}
