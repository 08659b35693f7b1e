/**
 * `/backup …`: acknowledged at once (Slack shows an error after 3 s), then handed to the core with
 * the `trigger_id` as idempotency key. The answer goes back through `response_url`, visible only to
 * the caller; a created request is announced in the channel by the notifier, not here.
 */
import type { App } from "@slack/bolt";
import { commandReply } from "./blocks.ts";
import type { InboundDeps } from "./inbound.ts";

export const COMMAND = "/backup";

export function registerBackupCommand(app: App, deps: InboundDeps): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    await deps.afterAck.run(async () => {
      // A Slack re-delivery is handled like the first: the core's idempotency key (the trigger_id)
      // drops it if the first delivery got as far as being recorded, and runs it if that one was lost.
      const actor = await deps.people.actor(command.user_id, command.user_name);
      const locale = actor.locale ?? "en";
      try {
        const reply = await deps.chat.handleCommand({
          text: command.text,
          actor,
          conversation: { platform: "slack", channelId: command.channel_id },
          idempotencyKey: command.trigger_id,
        });
        if (reply.kind !== "message") return;
        await respond(commandReply(reply, locale, deps.render));
      } catch (error) {
        deps.log.error({ err: error, user: command.user_id }, "slash command failed");
        await respond({
          response_type: "ephemeral",
          text: deps.render({ key: "error.unexpected" }, locale),
        }).catch(() => {});
      }
    });
  });
}
