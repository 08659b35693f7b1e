/**
 * A request's card in its Slack channel. The first event posts it (`chat.postMessage`) and tells
 * the core where it is (`attachMessage`); later events edit that one message (`chat.update`) and
 * add milestones as thread replies.
 *
 * Coalescing: a card is always rendered from the request's *current* view, so whichever job edits
 * shows the latest version. A job whose version the card already shows ends at once (stale); the
 * others take the message's edit slot (one edit per `editEveryMs`) or wait for it in BullMQ's
 * delayed set, where the first to wake edits and the rest find their version shown and end.
 */
import type { Message } from "../../../commands/chat/types.ts";
import type { EmergencyWindowEvent } from "../../../commands/gc/events.ts";
import type { RequestEvent } from "../../../commands/ports/events.ts";
import { lineMessage, requestCard } from "../blocks.ts";
import type { MessageState } from "./edit-slots.ts";
import { emergencyMilestoneOf, milestoneOf } from "./milestones.ts";
import type { SlackOut } from "./slack-out.ts";

/** What a card event needs: whose card, which version, where, and its id (for one thread reply). */
type CardEvent = Pick<RequestEvent, "id" | "requestId" | "version" | "conversation">;

export function showRequestEvent(event: RequestEvent, out: SlackOut): Promise<void> {
  return showCardEvent(event, milestoneOf(event), out);
}

/** An emergency window request has a card like a backup's (the core's `view` serves both). */
export function showEmergencyEvent(
  event: EmergencyWindowEvent & { id: string },
  out: SlackOut,
): Promise<void> {
  return showCardEvent(event, emergencyMilestoneOf(event), out);
}

async function showCardEvent(event: CardEvent, milestone: Message | undefined, out: SlackOut): Promise<void> {
  const id = `req:${event.requestId}`;
  const state = (await out.states.get(id)) ?? (await adoptOrPost(id, event, out));
  if (!state) return;
  await replyInThread(event.id, milestone, state, out);
  if (state.shown >= event.version) return;
  await out.states.takeEditSlot(id, out.editEveryMs);
  const view = await out.chat.view(event.requestId, out.locale);
  const shown = (await out.states.get(id))?.shown ?? state.shown;
  if (!view || view.version <= shown) return;
  await out.client.chat.update({
    channel: state.channel,
    ts: state.ts,
    ...requestCard(view, out.locale, out.render),
  });
  await out.states.raiseShown(id, view.version);
}

/** The card's message: one the core already knows of (state lost), or a new post. */
async function adoptOrPost(id: string, event: CardEvent, out: SlackOut): Promise<MessageState | undefined> {
  const { channelId, messageRef } = event.conversation;
  if (messageRef) {
    const adopted = { channel: channelId, ts: messageRef, shown: 0 };
    await out.states.save(id, adopted);
    return adopted;
  }
  const release = await out.states.claimPost(id);
  try {
    // Someone may have posted between our read and our claim.
    const posted = await out.states.get(id);
    if (posted) return posted;
    const view = await out.chat.view(event.requestId, out.locale);
    if (!view) return undefined;
    const answer = await out.client.chat.postMessage({
      channel: channelId,
      ...requestCard(view, out.locale, out.render),
    });
    const state = { channel: answer.channel ?? channelId, ts: String(answer.ts), shown: view.version };
    await out.states.save(id, state);
    await out.states.markEdited(id, out.editEveryMs);
    await out.chat.attachMessage(event.requestId, state.ts);
    return state;
  } finally {
    await release();
  }
}

/** A milestone's thread reply, once per event even when the job runs again. */
async function replyInThread(
  eventId: string,
  milestone: Message | undefined,
  state: MessageState,
  out: SlackOut,
): Promise<void> {
  if (!milestone || !(await out.states.once(`reply:${eventId}`))) return;
  try {
    await out.client.chat.postMessage({
      channel: state.channel,
      thread_ts: state.ts,
      ...lineMessage(milestone, out.locale, out.render),
    });
  } catch (error) {
    await out.states.forget(`reply:${eventId}`);
    throw error;
  }
}
