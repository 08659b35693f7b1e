/** `en-delivery.ts` の日本語版。キーとプレースホルダーは同一 (テストで確認)。 */
import type { enDelivery } from "./en-delivery.ts";

export const jaDelivery: Record<keyof typeof enDelivery, string> = {
  "delivery.undeliverable":
    "{vm} (`{id}`) の承認カードをこのチャンネルに投稿できず、誰も承認できないため、リクエストを取り消しました。",
  "delivery.remedy": "対処: {remedy}",
  "remedy.slack.not_in_channel":
    "このチャンネルに @kura を招待して (`/invite @kura`)、もう一度 `/backup` で依頼してください。",
  "remedy.slack.channel_not_found":
    "kura からこのチャンネルが見えません (プライベートチャンネルや DM)。@kura を招待する (`/invite @kura`) か、kura がいるチャンネルから依頼してください。",
  "remedy.slack.invalid_blocks":
    "Slack がカードのレイアウトを受け付けませんでした。kura の不具合です。このリクエストのログと一緒に報告してください。",
  "remedy.slack.is_archived":
    "チャンネルがアーカイブされています。使われているチャンネルから依頼し直してください。",
};
