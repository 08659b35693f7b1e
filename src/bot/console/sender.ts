/**
 * The console's `ChatSender`: what the delivery pipeline says on the console is kept in a bounded
 * log (Redis, so a reload shows the history) and pushed at once to every open page. Messages are
 * kept as the core's `Outbound` and rendered per reader, so each person sees them in their own
 * language; the `locale` the pipeline passes is not needed.
 */
import { randomBytes } from "node:crypto";
import type { Locale } from "../../commands/chat/types.ts";
import type { ChatSender, MessageRef, Outbound, PersonRef } from "../../commands/ports/chat-sender.ts";
import { SendError } from "../../commands/ports/chat-sender.ts";

/** One message on the console, as stored. */
export interface ConsoleRecord {
  id: string;
  channelId: string;
  /** The message this one replies to (a card's milestone lines). */
  parentId?: string;
  /** Shown to this person alone (a private notice); absent: everyone in the channel. */
  to?: string;
  /** When it was first posted (ISO). */
  at: string;
  /** When it was last replaced (ISO). */
  editedAt?: string;
  content: Outbound;
}

/** Where the console keeps its messages (src/store/redis-recent-log.ts, wired by the root). */
export interface ConsoleMessageStore {
  add(record: ConsoleRecord): Promise<void>;
  /** False when the message is no longer kept. */
  replace(record: ConsoleRecord): Promise<boolean>;
  get(id: string): Promise<ConsoleRecord | undefined>;
  /** Oldest first. */
  list(): Promise<ConsoleRecord[]>;
}

/** Open pages listening for new and changed messages (in this process). */
export class ConsoleLive {
  readonly #listeners = new Set<(record: ConsoleRecord) => void>();

  subscribe(listener: (record: ConsoleRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(record: ConsoleRecord): void {
    for (const listener of this.#listeners) listener(record);
  }

  get size(): number {
    return this.#listeners.size;
  }
}

export interface ConsoleSenderDeps {
  store: ConsoleMessageStore;
  live: ConsoleLive;
  now?: () => Date;
  newId?: () => string;
}

export class ConsoleSender implements ChatSender {
  readonly platform = "console";
  readonly #store: ConsoleMessageStore;
  readonly #live: ConsoleLive;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(deps: ConsoleSenderDeps) {
    this.#store = deps.store;
    this.#live = deps.live;
    this.#now = deps.now ?? (() => new Date());
    this.#newId = deps.newId ?? (() => `m-${randomBytes(6).toString("hex")}`);
  }

  async post(channelId: string, content: Outbound, _locale?: Locale): Promise<MessageRef> {
    return this.#add({ channelId, content });
  }

  async update(ref: MessageRef, content: Outbound, _locale?: Locale): Promise<void> {
    const found = await this.#store.get(ref.messageId);
    const record: ConsoleRecord = {
      ...(found ?? { id: ref.messageId, channelId: ref.channelId, at: this.#now().toISOString() }),
      content,
      editedAt: this.#now().toISOString(),
    };
    if (!found || !(await this.#store.replace(record))) {
      throw new SendError("undeliverable", `The console no longer keeps message ${ref.messageId}.`, {
        platformCode: "message_not_found",
      });
    }
    this.#live.publish(record);
  }

  async reply(parent: MessageRef, content: Outbound, _locale?: Locale): Promise<MessageRef> {
    return this.#add({ channelId: parent.channelId, parentId: parent.messageId, content });
  }

  async tell(person: PersonRef, content: Outbound, _locale?: Locale): Promise<void> {
    await this.#add({ channelId: person.channelId, to: person.userId, content });
  }

  async #add(fields: Omit<ConsoleRecord, "id" | "at">): Promise<MessageRef> {
    const record: ConsoleRecord = { id: this.#newId(), at: this.#now().toISOString(), ...fields };
    await this.#store.add(record);
    this.#live.publish(record);
    return { channelId: record.channelId, messageId: record.id };
  }
}
