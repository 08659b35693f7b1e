/**
 * English words for delivery itself: what a requester is told privately when their card cannot be
 * posted, and each platform's remedy for a conversation kura cannot speak in. `ja-delivery.ts` has
 * the same keys and placeholders (the catalog test checks).
 */
export const enDelivery = {
  "delivery.undeliverable":
    "kura could not post the approval card for {vm} (`{id}`) in this channel, so nobody could approve it: the request is cancelled.",
  "delivery.remedy": "What to do: {remedy}",
  "remedy.slack.not_in_channel":
    "Invite @kura to this channel (`/invite @kura`), then ask again with `/backup`.",
  "remedy.slack.channel_not_found":
    "kura cannot see this channel (a private channel or a direct message): invite @kura to it (`/invite @kura`), or ask from a channel kura is in.",
  "remedy.slack.invalid_blocks":
    "Slack refused the card's layout. This is a kura bug: report it with kura's log line for this request.",
  "remedy.slack.is_archived": "The channel is archived: ask again from a channel that is in use.",
} as const satisfies Record<string, string>;
