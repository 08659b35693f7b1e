/** What the notifier's handlers share: the Web API client, message state, words and language. */
import type { webApi } from "@slack/bolt";
import type { ChatService, Locale } from "../../../commands/chat/types.ts";
import type { Render } from "../blocks.ts";
import type { MessageStates } from "./edit-slots.ts";

export interface SlackOut {
  chat: ChatService;
  /** Built with `rejectRateLimitedCalls`, so a 429 surfaces at once and the job is delayed. */
  client: webApi.WebClient;
  states: MessageStates;
  render: Render;
  /** Channel messages are read by many: they use the configured language. */
  locale: Locale;
  /** Least time between two edits of one message (Slack allows about one per second). */
  editEveryMs: number;
}
