/**
 * Splits a slash command's text into words, shell-style: whitespace separates, quotes group. Chat
 * clients turn "…" into “…” (macOS, iOS autocorrect) and Japanese IMEs type 「…」, so all of them
 * quote. Never throws: anything it can't read comes back as a message key.
 */

export interface Token {
  text: string;
  /** Some part of the word was quoted (so `"--retain"` is a value, not an option). */
  quoted: boolean;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; key: string };

/** Opening quote → the characters that close it. */
const QUOTES = new Map<string, string[]>([
  ['"', ['"']],
  ["“", ["”", '"']],
  ["”", ["”"]],
  ["「", ["」"]],
]);

/**
 * C0/C1 controls other than ordinary whitespace, and bidirectional overrides (which make a reason
 * display differently from what it says). Zero-width joiners stay: emoji sequences use them.
 */
function isForbidden(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

export function tokenize(text: string): TokenizeResult {
  const chars = Array.from(text);
  if (chars.some(isForbidden)) return { ok: false, key: "parse.controlCharacters" };
  const tokens: Token[] = [];
  let current: Token | undefined;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (/\s/u.test(ch)) {
      if (current) tokens.push(current);
      current = undefined;
      continue;
    }
    current ??= { text: "", quoted: false };
    const closers = QUOTES.get(ch);
    if (!closers) {
      current.text += ch;
      continue;
    }
    const end = chars.findIndex((c, j) => j > i && closers.includes(c));
    if (end < 0) return { ok: false, key: "parse.unterminatedQuote" };
    current.text += chars.slice(i + 1, end).join("");
    current.quoted = true;
    i = end;
  }
  if (current) tokens.push(current);
  return { ok: true, tokens };
}
