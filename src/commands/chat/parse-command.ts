/**
 * `/backup …` text → a command, or what is wrong with it and the usage to show. Pure and total: any
 * input, however hostile (10 kB, control characters, unterminated quotes, emoji), gives a value.
 */
import { isSubcommand, plainWord } from "./parse/args.ts";
import { LIMITS, SUBCOMMANDS, type Subcommand } from "./parse/command.ts";
import { type ParseResult, problem } from "./parse/result.ts";
import { parseBackup, SUBPARSERS } from "./parse/subcommands.ts";
import { closest } from "./parse/suggest.ts";
import { tokenize } from "./parse/tokenize.ts";

export type { HelpTopic, ParsedCommand, Subcommand } from "./parse/command.ts";
export { LIMITS, SUBCOMMANDS } from "./parse/command.ts";

export type { ParseResult } from "./parse/result.ts";
export { usageOf } from "./parse/result.ts";

/** Never throws; see the module comment. */
export function parseCommand(text: string): ParseResult {
  try {
    return parse(typeof text === "string" ? text : "");
  } catch {
    // Unreachable by design; a parser bug must still answer the user rather than crash the handler.
    return problem({ key: "parse.unreadable" }, "overview");
  }
}

function parse(text: string): ParseResult {
  if (text.length > LIMITS.maxTextLength) {
    return problem({ key: "parse.tooLong", params: { max: LIMITS.maxTextLength } }, "overview");
  }
  const tokenized = tokenize(text);
  if (!tokenized.ok) return problem({ key: tokenized.key }, "overview");
  const [first, ...rest] = tokenized.tokens;
  if (!first) return problem({ key: "parse.empty" }, "overview");
  const word = first.quoted ? undefined : first.text.toLowerCase();
  if (word !== undefined && isSubcommand(word)) return SUBPARSERS[word as Subcommand](rest);
  if (word !== undefined && /^(--|—|–)/.test(word)) return problem({ key: "parse.missingVm" }, "backup");
  // A word close to a subcommand, with no options after it, is far likelier a typo than a VM name;
  // adding an option (`--retain 30d`) says "this really is a VM".
  const typo = word === undefined ? undefined : plainWord(word);
  const meant = typo && rest.length === 0 ? closest(typo, SUBCOMMANDS) : undefined;
  if (typo && meant) {
    return problem(
      { key: "parse.didYouMean", params: { word: typo, suggestion: meant } },
      meant as Subcommand,
    );
  }
  return parseBackup(first, rest);
}
