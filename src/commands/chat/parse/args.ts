/**
 * Reading words once tokenized: options (`--retain 30d`, `--retain=30d`), day and hour counts, VM
 * names and request ids. Each reader returns a value or the `Message` saying what is wrong; none
 * echoes hostile text back (only words already known to be short and plain).
 */

import { checkVmRef } from "../../vm-name.ts";
import type { Message } from "../types.ts";
import { SUBCOMMANDS } from "./command.ts";
import { closest } from "./suggest.ts";
import type { Token } from "./tokenize.ts";

export type Read<T> = { ok: true; value: T } | { ok: false; problem: Message };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(key: string, params?: Message["params"]): Read<T> => ({
  ok: false,
  problem: params ? { key, params } : { key },
});

/** How an option takes its value: one word, or every word up to the next option (a reason). */
export type OptionKind = "word" | "rest";

export interface Args {
  positionals: Token[];
  options: Map<string, string>;
}

/** Autocorrect turns `--` into an en or em dash; read those as `--` too. */
const OPTION = /^(?:--|—|–)([^=]*)(?:=(.*))?$/su;
const PLAIN_WORD = /^[\p{L}\p{N}_.-]{1,32}$/u;

function asOption(token: Token): { name: string; inline: string | undefined } | undefined {
  if (token.quoted) return undefined;
  const match = OPTION.exec(token.text);
  return match ? { name: (match[1] ?? "").toLowerCase(), inline: match[2] } : undefined;
}

/** Splits words into positionals and the allowed options; unknown or repeated options are problems. */
export function readArgs(tokens: Token[], allowed: Record<string, OptionKind>): Read<Args> {
  const positionals: Token[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const option = asOption(token);
    if (!option) {
      positionals.push(token);
      continue;
    }
    const kind = allowed[option.name];
    if (!kind) return unknownOption(option.name, Object.keys(allowed));
    if (options.has(option.name)) return bad("parse.duplicateOption", { option: `--${option.name}` });
    const words: string[] = option.inline === undefined ? [] : [option.inline];
    while (i + 1 < tokens.length && (words.length === 0 || kind === "rest")) {
      if (asOption(tokens[i + 1] as Token)) break;
      i += 1;
      words.push((tokens[i] as Token).text);
    }
    const value = words.join(" ").trim();
    if (value.length === 0) return bad("parse.missingValue", { option: `--${option.name}` });
    options.set(option.name, value);
  }
  return ok({ positionals, options });
}

function unknownOption<T>(name: string, known: string[]): Read<T> {
  if (!PLAIN_WORD.test(name)) return bad("parse.unknownOptionUnnamed");
  const suggestion = closest(name, known);
  return suggestion
    ? bad("parse.unknownOptionSuggest", { option: `--${name}`, suggestion: `--${suggestion}` })
    : bad("parse.unknownOption", { option: `--${name}` });
}

/** `30d` (or `30`) within bounds; `key` names the problem to report. */
export function readDays(text: string, min: number, max: number, key: string): Read<number> {
  const match = /^(\d{1,3})\s*d?$/i.exec(text.trim());
  const days = match ? Number(match[1]) : Number.NaN;
  return days >= min && days <= max ? ok(days) : bad(key, { min, max });
}

/** `48h` (or `48`) within bounds. */
export function readHours(text: string, min: number, max: number, key: string): Read<number> {
  const match = /^(\d{1,3})\s*h?$/i.exec(text.trim());
  const hours = match ? Number(match[1]) : Number.NaN;
  return hours >= min && hours <= max ? ok(hours) : bad(key, { min, max });
}

/** A whole number within bounds. */
export function readCount(text: string, min: number, max: number, key: string): Read<number> {
  const count = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  return count >= min && count <= max ? ok(count) : bad(key, { min, max });
}

/** True for a subcommand word, which can never be read as a VM name. */
export function isSubcommand(word: string): boolean {
  return (SUBCOMMANDS as readonly string[]).includes(word.toLowerCase());
}

/** A VM name or ARM id by Azure's rules (`checkVmRef`), and not a subcommand word. */
export function readVm(token: Token): Read<string> {
  if (isSubcommand(token.text)) return bad("parse.vmIsCommand", { word: token.text.toLowerCase() });
  return checkVmRef(token.text).ok ? ok(token.text) : bad("parse.invalidVm");
}

/** kura's request ids: letters, digits, `-` and `_`, at most 64. */
export const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function readRequestId(token: Token): Read<string> {
  return REQUEST_ID.test(token.text) ? ok(token.text) : bad("parse.invalidRequestId");
}

/** Either a request id or a VM reference, for `status`. */
export function readTarget(token: Token): Read<string> {
  if (isSubcommand(token.text)) return bad("parse.vmIsCommand", { word: token.text.toLowerCase() });
  if (REQUEST_ID.test(token.text) || checkVmRef(token.text).ok) return ok(token.text);
  return bad("parse.invalidTarget");
}

/** A short plain word safe to quote back in a suggestion, else undefined. */
export function plainWord(text: string): string | undefined {
  return PLAIN_WORD.test(text) ? text : undefined;
}
