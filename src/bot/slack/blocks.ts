/**
 * Core views (`RequestView`, `CommandReply`, `Message`) as Slack Block Kit. Pure functions: the words
 * come from the core's catalog through `render`, the layout is Slack's.
 */
import type { types } from "@slack/bolt";
import type { CommandReply, Fact, Locale, Message, RequestView } from "../../commands/chat/types.ts";
import type { Render } from "../platform.ts";
import { cut, escapeMrkdwn, fallbackText, fitBlocks, mrkdwn, plainText, SLACK_LIMITS } from "./limits.ts";

export type { Render } from "../platform.ts";
export { escapeMrkdwn } from "./limits.ts";

// biome-ignore lint/suspicious/noExplicitAny: Block Kit is open-ended JSON; Slack validates it.
export type Block = Record<string, any>;

export interface SlackText {
  /** The notification and accessibility fallback Slack requires next to blocks. */
  text: string;
  blocks: Block[];
}

/**
 * `action_id`s of kura's buttons. A card's buttons carry the request id as `value`; a system
 * notice's "Request emergency window" carries the VM's name.
 */
export const ACTION_IDS = {
  approve: "kura_approve",
  reject: "kura_reject",
  cancel: "kura_cancel",
  requestEmergency: "kura_request_emergency",
} as const;
/** `callback_id` of the modal that asks for a rejection reason. */
export const REJECT_VIEW_ID = "kura_reject_reason";
export const REJECT_REASON_BLOCK = "reason";
export const REJECT_REASON_INPUT = "reason_input";

const NOTE_ICON = { info: ":information_source:", warning: ":warning:", error: ":x:" } as const;
const FIELDS_PER_SECTION = SLACK_LIMITS.fieldsPerSection;

function factFields(facts: Fact[], locale: Locale, render: Render): Block[] {
  const fields = facts.map((fact) => {
    const value = typeof fact.value === "string" ? fact.value : render(fact.value, locale);
    // The label stays whole (short, from the catalog); the value is cut to what the field has left.
    const label = `*${cut(escapeMrkdwn(render(fact.label, locale)), 200)}*\n`;
    return { type: "mrkdwn", text: label + cut(escapeMrkdwn(value), SLACK_LIMITS.field - label.length) };
  });
  const sections: Block[] = [];
  for (let i = 0; i < fields.length; i += FIELDS_PER_SECTION) {
    sections.push({ type: "section", fields: fields.slice(i, i + FIELDS_PER_SECTION) });
  }
  return sections;
}

/** A text bar such as `▓▓▓▓░░░░░░ 40%`, since Block Kit has no progress element. */
export function progressBar(percent: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(percent / 10)));
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)} ${Math.round(percent)}%`;
}

/** The request's channel card: title, facts, notes, progress and the buttons the view offers. */
export function requestCard(view: RequestView, locale: Locale, render: Render): SlackText {
  const title = render(view.title, locale);
  const blocks: Block[] = [
    { type: "section", block_id: "kura_title", text: mrkdwn(`*${escapeMrkdwn(title)}*`) },
  ];
  blocks.push(...factFields(view.facts, locale, render));
  for (const note of view.notes) {
    blocks.push({
      type: "context",
      elements: [mrkdwn(`${NOTE_ICON[note.level]} ${escapeMrkdwn(render(note.text, locale))}`)],
    });
  }
  if (view.progress) {
    const line = escapeMrkdwn(render(view.progress.text, locale));
    const bar = view.progress.percent === undefined ? "" : `\n\`${progressBar(view.progress.percent)}\``;
    blocks.push({ type: "section", block_id: "kura_progress", text: mrkdwn(`${line}${bar}`) });
  }
  if (view.actions.length > 0) {
    blocks.push({
      type: "actions",
      block_id: "kura_actions",
      elements: view.actions.map((action) => ({
        type: "button",
        action_id: ACTION_IDS[action],
        value: view.requestId,
        text: plainText(render({ key: `action.${action}` }, locale), SLACK_LIMITS.buttonText),
        ...(action === "approve" ? { style: "primary" } : action === "reject" ? { style: "danger" } : {}),
      })),
    });
  }
  return { text: fallbackText(title), blocks: fitBlocks(blocks) };
}

/** One line (a thread reply, an ephemeral explanation) as text plus a single section. */
export function lineMessage(message: Message, locale: Locale, render: Render): SlackText {
  const text = render(message, locale);
  return { text: fallbackText(text), blocks: [{ type: "section", text: mrkdwn(escapeMrkdwn(text)) }] };
}

/** A command's answer (`respond()` body): text, facts and lines. */
export function commandReply(
  reply: Extract<CommandReply, { kind: "message" }>,
  locale: Locale,
  render: Render,
): SlackText & { response_type: "ephemeral" | "in_channel" } {
  const text = render(reply.text, locale);
  const blocks: Block[] = [{ type: "section", text: mrkdwn(escapeMrkdwn(text)) }];
  if (reply.facts?.length) blocks.push(...factFields(reply.facts, locale, render));
  if (reply.lines?.length) {
    const lines = reply.lines.map((line) => `• ${escapeMrkdwn(render(line, locale))}`).join("\n");
    blocks.push({ type: "section", text: mrkdwn(lines) });
  }
  return {
    response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral",
    text: fallbackText(text),
    blocks: fitBlocks(blocks),
  };
}

/** The modal Reject opens: an optional reason. `private_metadata` carries request and channel. */
export function rejectModal(
  requestId: string,
  channelId: string,
  locale: Locale,
  render: Render,
): types.ModalView {
  const label = (key: string) => cut(render({ key }, locale), 24);
  return {
    type: "modal",
    callback_id: REJECT_VIEW_ID,
    private_metadata: JSON.stringify({ requestId, channelId }),
    title: { type: "plain_text", text: label("reject.title") },
    submit: { type: "plain_text", text: label("action.reject") },
    close: { type: "plain_text", text: label("action.back") },
    blocks: [
      {
        type: "input",
        block_id: REJECT_REASON_BLOCK,
        optional: true,
        label: plainText(render({ key: "reject.reason" }, locale), 2_000),
        element: {
          type: "plain_text_input",
          action_id: REJECT_REASON_INPUT,
          multiline: true,
          max_length: 500,
        },
      },
    ],
  };
}
