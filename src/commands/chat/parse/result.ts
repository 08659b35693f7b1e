/** The parse result and the small combinators every subcommand parser shares. */
import type { Message } from "../types.ts";
import { type Args, type OptionKind, plainWord, type Read, readArgs } from "./args.ts";
import type { HelpTopic, ParsedCommand } from "./command.ts";
import type { Token } from "./tokenize.ts";

export type ParseResult =
  | { ok: true; command: ParsedCommand }
  | { ok: false; problem: Message; usage: Message };

/** The usage message of a topic (`usage.overview` for everything at once). */
export function usageOf(topic: HelpTopic | "overview"): Message {
  return { key: `usage.${topic}` };
}

export function problem(message: Message, topic: HelpTopic | "overview"): ParseResult {
  return { ok: false, problem: message, usage: usageOf(topic) };
}

export function done(command: ParsedCommand): ParseResult {
  return { ok: true, command };
}

/** Runs the readers in order; the first problem wins, reported with the topic's usage. */
export function read<T>(topic: HelpTopic, result: Read<T>): T | ParseResult {
  return result.ok ? result.value : problem(result.problem, topic);
}

export const isProblem = (value: unknown): value is ParseResult =>
  typeof value === "object" && value !== null && "ok" in value && (value as ParseResult).ok === false;

/** Options and at most `max` positionals for a subcommand. */
export function args(topic: HelpTopic, tokens: Token[], allowed: Record<string, OptionKind>, max: number) {
  const parsed = read(topic, readArgs(tokens, allowed));
  if (isProblem(parsed)) return parsed;
  const extra = (parsed as Args).positionals[max];
  if (extra) {
    const quoted = plainWord(extra.text);
    const message: Message = quoted
      ? { key: "parse.unexpectedWord", params: { word: quoted } }
      : { key: "parse.unexpectedArgument" };
    return problem(message, topic);
  }
  return parsed as Args;
}
