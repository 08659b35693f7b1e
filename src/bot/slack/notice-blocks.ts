/**
 * System notices (the core's `SystemNotice`) as Block Kit: a window summary as one message, a burst
 * as a title and one section per notice. A notice that suggests an action carries it as a button
 * whose value is the VM; the click asks the core for that action with the clicker as requester.
 */

import type { SystemNotice } from "../../commands/chat/system-notice.ts";
import type { Locale, Message } from "../../commands/chat/types.ts";
import { ACTION_IDS, type Block, type Render, type SlackText } from "./blocks.ts";
import { escapeMrkdwn, fallbackText, fitBlocks, mrkdwn, plainText, SLACK_LIMITS } from "./limits.ts";

const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });

function button(notice: SystemNotice, locale: Locale, render: Render): Block | undefined {
  if (!notice.action) return undefined;
  return {
    type: "button",
    action_id: ACTION_IDS.requestEmergency,
    value: notice.action.vm,
    text: plainText(render(notice.action.label, locale), SLACK_LIMITS.buttonText),
  };
}

/** One window summary (or a lone notice): the headline in bold, details as bullets, the button. */
export function noticeMessage(notice: SystemNotice, locale: Locale, render: Render): SlackText {
  const line = (m: Message) => escapeMrkdwn(render(m, locale));
  const headline = render(notice.text, locale);
  const blocks: Block[] = [section(`*${escapeMrkdwn(headline)}*`)];
  if (notice.details.length > 0) blocks.push(section(notice.details.map((d) => `• ${line(d)}`).join("\n")));
  const action = button(notice, locale, render);
  if (action) blocks.push({ type: "actions", elements: [action] });
  return { text: fallbackText(headline), blocks: fitBlocks(blocks) };
}

/** A burst: its title, a section per notice (details indented, the button beside it), and "…and N more". */
export function burstMessage(
  title: Message,
  notices: SystemNotice[],
  more: Message | undefined,
  locale: Locale,
  render: Render,
): SlackText {
  const line = (m: Message) => escapeMrkdwn(render(m, locale));
  const heading = render(title, locale);
  const blocks: Block[] = [section(`*${escapeMrkdwn(heading)}*`)];
  for (const notice of notices) {
    const details = notice.details.map((d) => `\n      ◦ ${line(d)}`).join("");
    const block = section(`• ${line(notice.text)}${details}`);
    const action = button(notice, locale, render);
    blocks.push(action ? { ...block, accessory: action } : block);
  }
  if (more) blocks.push(section(line(more)));
  return { text: fallbackText(heading), blocks: fitBlocks(blocks) };
}
