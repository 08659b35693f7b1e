/**
 * What a Teams activity means to the core, with no Bot Framework calls: the command text (the
 * @mention stripped), who acts, where, and in which language. Pure, so turn logic stays thin.
 */
import type { Activity } from "botbuilder";
import type { ChatActor, Locale } from "../../commands/chat/types.ts";
import type { Conversation } from "../../commands/ports/requests.ts";
import { baseConversationId } from "./references.ts";

export const PLATFORM = "teams";

/** `ja-JP` → `ja`, `en-US` → `en`; anything else is not a language kura speaks. */
export function localeOf(teamsLocale: string | undefined): Locale | undefined {
  const language = teamsLocale?.slice(0, 2).toLowerCase();
  return language === "ja" || language === "en" ? language : undefined;
}

const ENTITIES: Record<string, string> = {
  "&nbsp;": " ",
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
};

/**
 * The text after the command, as a Slack user types it after `/backup`: Teams delivers
 * `<at>kura</at> backup web-01 --retain 30d` in a channel, `backup web-01` in a personal chat, and
 * a command list entry's title (`status`) when picked from the menu. The mention, the leading
 * `backup` (or `/backup`) and HTML leftovers go; what remains is the core's to parse.
 */
export function commandText(text: string | undefined): string {
  const plain = (text ?? "")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(nbsp|amp|lt|gt|quot);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[\u00a0\s]+/g, " ")
    .trim();
  return plain.replace(/^\/?backup(\s+|$)/i, "").trim();
}

/** The person behind an activity: their Entra (AAD) object id, as in `teams:<id>` approver lists. */
export function actorOf(activity: Partial<Activity>, fallback: Locale): ChatActor {
  const from = activity.from;
  const id = from?.aadObjectId ?? from?.id ?? "unknown";
  return {
    platform: PLATFORM,
    id,
    ...(from?.name ? { name: from.name } : {}),
    locale: localeOf(activity.locale) ?? fallback,
  };
}

/** Where the activity happened, as the core records it (a channel without its thread suffix). */
export function conversationOf(activity: Partial<Activity>): Conversation {
  return { platform: PLATFORM, channelId: baseConversationId(activity.conversation?.id ?? "") };
}
