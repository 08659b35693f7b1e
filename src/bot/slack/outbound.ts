/** The delivery pipeline's `Outbound` content as Block Kit: one layout per kind, all within Slack's limits. */
import type { Locale } from "../../commands/chat/types.ts";
import type { Outbound } from "../../commands/ports/chat-sender.ts";
import type { Render } from "../platform.ts";
import { type Block, lineMessage, requestCard, type SlackText } from "./blocks.ts";
import { escapeMrkdwn, fallbackText, mrkdwn } from "./limits.ts";
import { burstMessage, noticeMessage } from "./notice-blocks.ts";

export function slackMessage(content: Outbound, locale: Locale, render: Render): SlackText {
  switch (content.kind) {
    case "card":
      return requestCard(content.view, locale, render);
    case "line":
      return lineMessage(content.text, locale, render);
    case "notice":
      return noticeMessage(content.notice, locale, render);
    case "burst":
      return burstMessage(content.title, content.notices, content.more, locale, render);
    case "private": {
      const text = render(content.text, locale);
      const blocks: Block[] = [{ type: "section", text: mrkdwn(escapeMrkdwn(text)) }];
      if (content.remedy) {
        const remedy = render(
          { key: "delivery.remedy", params: { remedy: render(content.remedy, locale) } },
          locale,
        );
        blocks.push({ type: "section", text: mrkdwn(escapeMrkdwn(remedy)) });
      }
      return { text: fallbackText(text), blocks };
    }
  }
}
