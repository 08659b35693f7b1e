/** `Outbound` content (the core's view models) as a Teams message activity carrying an Adaptive Card. */
import { type Activity, CardFactory } from "botbuilder";
import type { Locale } from "../../commands/chat/types.ts";
import type { Outbound } from "../../commands/ports/chat-sender.ts";
import {
  type AdaptiveCard,
  burstCard,
  lineCard,
  noticeCard,
  privateCard,
  type Render,
  requestCard,
} from "./cards.ts";

export function cardOf(content: Outbound, locale: Locale, render: Render): AdaptiveCard {
  switch (content.kind) {
    case "card":
      return requestCard(content.view, locale, render);
    case "line":
      return lineCard(content.text, locale, render);
    case "notice":
      return noticeCard(content.notice, locale, render);
    case "burst":
      return burstCard(content.title, content.notices, content.more, locale, render);
    case "private":
      return privateCard(content.text, content.remedy, locale, render);
  }
}

export function activityOf(content: Outbound, locale: Locale, render: Render): Partial<Activity> {
  const card = cardOf(content, locale, render);
  return {
    type: "message",
    // What a notification banner or a screen reader shows in place of the card.
    summary: card.fallbackText ?? "",
    attachments: [CardFactory.adaptiveCard(card)],
  };
}
