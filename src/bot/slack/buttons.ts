/**
 * The card's buttons. Approve and Cancel go straight to the core; Reject first asks the core whether
 * the clicker may decide, then opens a modal for an optional reason, and its submission decides. A refusal (not an approver, own request, already
 * decided) is explained to the clicker alone; a success shows up as the card's next edit. A system
 * notice's button asks the core for what the notice suggests, with the clicker as requester.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { ChatActor, DecisionReply } from "../../commands/chat/types.ts";
import {
  ACTION_IDS,
  commandReply,
  lineMessage,
  REJECT_REASON_BLOCK,
  REJECT_REASON_INPUT,
  REJECT_VIEW_ID,
  rejectModal,
} from "./blocks.ts";
import type { InboundDeps } from "./inbound.ts";

/** `requestId` is the button's value: a request id on cards, a VM name on notices. */
type Click = { requestId: string; channelId: string; userId: string; userName?: string };

function clickOf(body: BlockAction, action: ButtonAction): Click | undefined {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!action.value || !channelId) return undefined;
  return {
    requestId: action.value,
    channelId,
    userId: body.user.id,
    ...(body.user.name ? { userName: body.user.name } : {}),
  };
}

export function registerButtons(app: App, deps: InboundDeps): void {
  const explain = async (click: Click, actor: ChatActor, reply: DecisionReply) => {
    if (reply.ok) return;
    const message = lineMessage(reply.text, actor.locale ?? "en", deps.render);
    await app.client.chat.postEphemeral({ channel: click.channelId, user: click.userId, ...message });
  };
  // Approve and Cancel act at once; only what the core is asked differs.
  const onClick = (actionId: string, ask: (requestId: string, actor: ChatActor) => Promise<DecisionReply>) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const click = clickOf(body, action);
      if (!click) return;
      await deps.afterAck.run(async () => {
        const actor = await deps.people.actor(click.userId, click.userName);
        await explain(click, actor, await ask(click.requestId, actor));
      });
    });
  onClick(ACTION_IDS.approve, (requestId, actor) => deps.chat.decide({ requestId, actor, approve: true }));
  onClick(ACTION_IDS.cancel, (requestId, actor) => deps.chat.cancel({ requestId, actor }));

  // A notice's "Request emergency window": the clicker asks, in the notice's channel, for its VM.
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.requestEmergency, async ({ ack, body, action }) => {
    await ack();
    const click = clickOf(body, action);
    if (!click) return;
    await deps.afterAck.run(async () => {
      const actor = await deps.people.actor(click.userId, click.userName);
      const reply = await deps.chat.suggested({
        action: "request-emergency-window",
        vm: click.requestId,
        actor,
        conversation: { platform: "slack", channelId: click.channelId },
        idempotencyKey: body.trigger_id,
      });
      // A created request is announced by its card (the notifier); only a refusal is answered here.
      if (reply.kind !== "message") return;
      const { response_type: _, ...message } = commandReply(reply, actor.locale ?? "en", deps.render);
      await app.client.chat.postEphemeral({ channel: click.channelId, user: click.userId, ...message });
    });
  });

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reject, async ({ ack, body, action, client }) => {
    await ack();
    const click = clickOf(body, action);
    if (!click) return;
    // The core says first whether this person may reject it at all: someone who may not is told
    // why at once instead of typing a reason into a modal that could only be refused. Both calls
    // are quick (cached people, one Redis read), well inside trigger_id's 3 s. So this one does not
    // queue behind other requests' work (deps.afterAck): the modal must open within those 3 s.
    const actor = await deps.people.actor(click.userId, click.userName);
    const allowed = await deps.chat.mayDecide({ requestId: click.requestId, actor, approve: false });
    if (!allowed.ok) return explain(click, actor, allowed);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectModal(click.requestId, click.channelId, actor.locale ?? "en", deps.render),
    });
  });

  app.view(REJECT_VIEW_ID, async ({ ack, body, view }) => {
    await ack();
    const meta = JSON.parse(view.private_metadata) as { requestId: string; channelId: string };
    const reason = view.state.values[REJECT_REASON_BLOCK]?.[REJECT_REASON_INPUT]?.value?.trim();
    const click: Click = { requestId: meta.requestId, channelId: meta.channelId, userId: body.user.id };
    await deps.afterAck.run(async () => {
      const actor = await deps.people.actor(body.user.id, body.user.name);
      const reply = await deps.chat.decide({
        requestId: meta.requestId,
        actor,
        approve: false,
        ...(reason ? { reason } : {}),
      });
      await explain(click, actor, reply);
    });
  });
}
