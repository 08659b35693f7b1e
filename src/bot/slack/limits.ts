/**
 * Slack's limits, applied by construction: every text is escaped first (`& < >` are mrkdwn's control
 * characters, so `<!here>` in a VM reason cannot ping a channel) and cut *after* escaping, never
 * inside an entity (`&amp;`) or a surrogate pair, so what Slack receives is within its limits.
 */
// biome-ignore lint/suspicious/noExplicitAny: Block Kit is open-ended JSON; Slack validates it.
type Block = Record<string, any>;

export const SLACK_LIMITS = {
  /** A section's or a context element's text. */
  text: 3_000,
  /** One field of a section. */
  field: 2_000,
  fieldsPerSection: 10,
  blocks: 50,
  /** A button's label. */
  buttonText: 75,
  /** The top-level notification fallback `text`. */
  fallback: 3_000,
} as const;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Cuts `text` (already escaped) to at most `max` characters, ending in `…` when it was longer. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Not inside an entity: an `&` in the last few characters with no `;` after it starts one.
  const amp = text.lastIndexOf("&", end - 1);
  if (amp >= 0 && end - amp < 5 && !text.slice(amp, end).includes(";")) end = amp;
  // Not between the two halves of a surrogate pair (an emoji, a rare kanji).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A mrkdwn text object from escaped text, within `max`. */
export const mrkdwn = (text: string, max: number = SLACK_LIMITS.text) => ({
  type: "mrkdwn",
  text: cut(text, max),
});

/** A plain text object (labels from kura's catalog), within `max`. */
export const plainText = (text: string, max: number) => ({
  type: "plain_text" as const,
  text: cut(text, max),
});

/** The fallback `text` beside blocks: escaped like every other text, then cut. */
export const fallbackText = (text: string) => cut(escapeMrkdwn(text), SLACK_LIMITS.fallback);

/**
 * At most 50 blocks: the first ones, a "…" line, and the buttons (the last block when it is one),
 * so a card with very many notes still offers Approve and Reject.
 */
export function fitBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= SLACK_LIMITS.blocks) return blocks;
  const last = blocks.at(-1);
  const tail = last?.type === "actions" ? [last] : [];
  const head = blocks.slice(0, SLACK_LIMITS.blocks - tail.length - 1);
  return [...head, { type: "context", elements: [mrkdwn("…")] }, ...tail];
}
