/**
 * Where kura can speak in Teams: the conversation references the Bot Framework gave kura when it
 * first heard from a conversation or was installed there, kept in Redis so that any bot process can
 * send proactively (progress after the turn ended, notices, reminders) without a turn context.
 * Keyed by the conversation's base id: a channel's `19:…@thread.tacv2`, without `;messageid=…`.
 * A person's personal chat is kept too, under their Entra (AAD) object id, for private notices.
 */
import type { ConversationReference } from "botbuilder";
import type { Cluster, Redis } from "ioredis";

/** `19:abc@thread.tacv2;messageid=123` → `19:abc@thread.tacv2`. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(";")[0] ?? conversationId;
}

/** A stored reference: what `continueConversationAsync` needs, addressed at the whole conversation. */
export type StoredReference = Partial<ConversationReference> &
  Pick<ConversationReference, "conversation" | "serviceUrl">;

export class ConversationReferences {
  readonly #redis: Redis | Cluster;
  readonly #key: string;
  readonly #people: string;

  /** `prefix` e.g. `kura:teams`. */
  constructor(redis: Redis | Cluster, prefix: string) {
    this.#redis = redis;
    this.#key = `${prefix}:refs`;
    this.#people = `${prefix}:personal`;
  }

  /** Records (or refreshes: Teams may move a tenant to another `serviceUrl`) a conversation's reference. */
  async remember(reference: Partial<ConversationReference>): Promise<string | undefined> {
    const { conversation, serviceUrl } = reference;
    if (!conversation?.id || !serviceUrl) return undefined;
    const id = baseConversationId(conversation.id);
    const stored: StoredReference = {
      ...(reference.channelId ? { channelId: reference.channelId } : {}),
      ...(reference.bot ? { bot: reference.bot } : {}),
      ...(reference.locale ? { locale: reference.locale } : {}),
      conversation: { ...conversation, id },
      serviceUrl,
    };
    const writes = this.#redis.multi().hset(this.#key, id, JSON.stringify(stored));
    const aad = reference.user?.aadObjectId;
    if (conversation.conversationType === "personal" && aad) {
      writes.hset(this.#people, aad, JSON.stringify({ ...stored, user: reference.user }));
    }
    await writes.exec();
    return id;
  }

  /** Forgets a conversation kura was removed from (its next send is then undeliverable at once). */
  async forget(conversationId: string): Promise<void> {
    await this.#redis.hdel(this.#key, baseConversationId(conversationId));
  }

  async get(conversationId: string): Promise<StoredReference | undefined> {
    return parse(await this.#redis.hget(this.#key, baseConversationId(conversationId)));
  }

  /** The personal chat with a person, if they ever talked to kura one to one or installed it. */
  async personal(aadObjectId: string): Promise<StoredReference | undefined> {
    return parse(await this.#redis.hget(this.#people, aadObjectId));
  }
}

function parse(json: string | null): StoredReference | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as StoredReference;
  } catch {
    return undefined;
  }
}
