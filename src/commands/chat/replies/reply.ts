/** Small constructors for `CommandReply` messages, so every reply reads the same way. */
import { usageOf } from "../parse-command.ts";
import type { CommandReply, Fact, Message } from "../types.ts";

export const msg = (key: string, params?: Message["params"]): Message => (params ? { key, params } : { key });

/** An answer only the caller sees (most replies: they are about the caller's question). */
export function reply(text: Message, more: { facts?: Fact[]; lines?: Message[] } = {}): CommandReply {
  return {
    kind: "message",
    visibility: "ephemeral",
    text,
    ...(more.facts && more.facts.length > 0 ? { facts: more.facts } : {}),
    ...(more.lines && more.lines.length > 0 ? { lines: more.lines } : {}),
  };
}

/** A problem, with the usage of the command it concerns when that helps. */
export function problemReply(problem: Message, usage?: Message): CommandReply {
  return reply(problem, usage ? { lines: [usage] } : {});
}

export function fact(label: string, value: string | Message): Fact {
  return { label: msg(label), value };
}

export { usageOf };
