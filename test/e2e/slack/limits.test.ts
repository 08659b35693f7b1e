/**
 * Slack's limits hold by construction: maximum-length hostile input (500 `&`, `<!here>`, RTL and
 * zero-width characters) goes through every card and notice kind via the real Slack sender, and
 * every payload the Web API stand-in receives is checked: a section text ≤ 3,000 characters, a field
 * ≤ 2,000 (≤ 10 per section), ≤ 50 blocks, a button label ≤ 75, and every text (the fallback `text`
 * too) escaped so `<!here>` cannot ping and no `&` stands unescaped.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { webApi } from "@slack/bolt";
import { SlackSender } from "../../../src/bot/slack/sender.ts";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import type { SystemNotice } from "../../../src/commands/chat/system-notice.ts";
import type { Message, RequestView } from "../../../src/commands/chat/types.ts";
import type { Outbound } from "../../../src/commands/ports/chat-sender.ts";
import { type SlackBlock, startSlackApiStub } from "../../helpers/slack-api-stub.ts";

const HOSTILE = `${"&".repeat(500)}<!here> <!channel> \u202Eevil\u202C \u200B\u200D\u2066x\u2069 <https://evil|click> 😀`;
/** Longer than any Slack limit, before and after escaping. */
const LONG = HOSTILE.repeat(4);
const m = (text: string): Message => ({ key: "note.warning", params: { text } });

const view: RequestView = {
  requestId: "b-0123456789",
  version: 3,
  status: "pending",
  title: { key: "title.pending", params: { vm: LONG } },
  facts: Array.from({ length: 25 }, (_, i) => ({ label: m(`label ${i} ${LONG}`), value: LONG })),
  notes: Array.from({ length: 60 }, () => ({ level: "warning" as const, text: m(LONG) })),
  progress: { text: m(LONG), percent: 40 },
  actions: ["approve", "reject"],
};
const notice: SystemNotice = {
  text: m(LONG),
  details: Array.from({ length: 11 }, () => m(LONG)),
  action: { action: "request-emergency-window", vm: "web-01", label: m(LONG) },
};
const contents: [string, Outbound][] = [
  ["card", { kind: "card", view }],
  ["line", { kind: "line", text: m(LONG) }],
  ["notice", { kind: "notice", notice }],
  [
    "burst",
    { kind: "burst", title: m(LONG), notices: Array.from({ length: 10 }, () => notice), more: m(LONG) },
  ],
  ["private", { kind: "private", text: m(LONG), remedy: m(LONG) }],
];

/** Every text object in a block tree, with the kind of place it sits in. */
function texts(blocks: SlackBlock[]): { where: string; type: string; text: string }[] {
  const out: { where: string; type: string; text: string }[] = [];
  for (const block of blocks) {
    if (block.text) out.push({ where: `${block.type}.text`, type: block.text.type, text: block.text.text });
    for (const field of block.fields ?? []) out.push({ where: "field", type: field.type, text: field.text });
    for (const element of block.elements ?? []) {
      if (element.type === "button")
        out.push({ where: "button", type: "plain_text", text: element.text.text });
      else if (element.text !== undefined)
        out.push({ where: "element", type: element.type, text: element.text });
    }
    if (block.accessory?.type === "button") {
      out.push({ where: "button", type: "plain_text", text: block.accessory.text.text });
    }
  }
  return out;
}

const LIMIT: Record<string, number> = { field: 2_000, button: 75 };

function checkEscaped(what: string, text: string): void {
  assert.doesNotMatch(text, /<|>/, `${what}: no raw < or >`);
  assert.doesNotMatch(text, /&(?!amp;|lt;|gt;)/, `${what}: every & is an entity`);
}

test("every card and notice kind stays within Slack's limits with maximum-length hostile input", async (t) => {
  const stub = await startSlackApiStub(t);
  const client = new webApi.WebClient("xoxb-kura-test-token", { slackApiUrl: stub.apiUrl });
  const render = (message: Message, locale: "en" | "ja") => renderMessage(message, locale);
  const sender = new SlackSender(client, render);
  for (const locale of ["en", "ja"] as const) {
    for (const [, content] of contents) {
      const ref = await sender.post("C0OPS01", content, locale);
      await sender.update(ref, content, locale);
      await sender.reply(ref, content, locale);
      await sender.tell({ userId: "U0ALICE", channelId: "C0OPS01" }, content, locale);
    }
  }
  const payloads = stub.calls.filter((c) => c.method.startsWith("chat."));
  assert.equal(payloads.length, 2 * contents.length * 4);
  for (const call of payloads) {
    const what = `${call.method} #${payloads.indexOf(call)}`;
    assert.equal(call.status, 200);
    const blocks = call.args.blocks as SlackBlock[];
    assert.ok(blocks.length <= 50, `${what}: ${blocks.length} blocks`);
    const fallback = String(call.args.text);
    assert.ok(fallback.length <= 3_000, `${what}: fallback text of ${fallback.length}`);
    checkEscaped(`${what} fallback`, fallback);
    for (const block of blocks) {
      assert.ok((block.fields ?? []).length <= 10, `${what}: ${block.fields?.length} fields`);
    }
    for (const text of texts(blocks)) {
      const max = LIMIT[text.where] ?? 3_000;
      assert.ok(text.text.length <= max, `${what} ${text.where}: ${text.text.length} > ${max}`);
      if (text.type === "mrkdwn") checkEscaped(`${what} ${text.where}`, text.text);
    }
    assert.doesNotMatch(JSON.stringify(blocks), /<!here>|<!channel>/, `${what}: no mention survives`);
  }
  // The card keeps its buttons even when its notes overflow 50 blocks.
  const card = payloads[0]?.args.blocks as SlackBlock[];
  assert.equal(card.at(-1)?.type, "actions");
});
