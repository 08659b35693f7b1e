/**
 * A request's card in its conversation, on any platform. The first event posts it and tells the core
 * where it is (`attachMessage`); later events update that one message and add milestones as thread
 * replies, once per event even when a job runs again.
 *
 * Coalescing: a card is always rendered from the request's *current* view, so whichever job edits
 * shows the latest version. A job whose version the card already shows ends at once (stale); the
 * others take the message's edit slot (one edit per `editEveryMs`) or wait for it (`RunLater`),
 * where the first to wake edits and the rest find their version shown and end.
 *
 * A card that cannot be posted at all (`undeliverable`) ends its request as cancelled with reason
 * `undeliverable` and tells the requester privately, with the platform's remedy, at once.
 */
import type { Message } from "../chat/types.ts";
import type { MessageRef, Outbound } from "../ports/chat-sender.ts";
import type { DeliveredMessage } from "../ports/delivery-state.ts";
import type { Actor, Conversation } from "../ports/requests.ts";
import type { DeliveryOutcome, Speaker } from "./context.ts";
import { cardMessageId, toldMarker, undeliverableMarker } from "./ids.ts";
import { RunLater } from "./run-later.ts";
import { isUndeliverable, send } from "./send.ts";

/** What a card event needs: whose card, which version, where, and its id (for one thread reply). */
export interface CardEvent {
  id: string;
  requestId: string;
  vmName: string;
  version: number;
  conversation: Conversation;
  /** The requester, when the event carries it (a `requested` event, an emergency window's). */
  requester?: Actor;
}

/** How long a poster holds the right to post a card's first version. */
const POST_HOLD_MS = 30_000;
const SHOWN: DeliveryOutcome = { status: "shown" };

export async function showCard(
  event: CardEvent,
  milestone: Message | undefined,
  out: Speaker,
): Promise<DeliveryOutcome> {
  const id = cardMessageId(event.requestId);
  let message = await out.state.get(id);
  if (!message) {
    // A card that could not be posted stays unposted: its later events have nowhere to go.
    if (await out.state.marked(undeliverableMarker(event.requestId))) return SHOWN;
    const posted = await adoptOrPost(id, event, out);
    if (posted.status !== "shown") return posted;
    message = posted.message;
    if (!message) return SHOWN;
  }
  await replyInThread(id, event.id, milestone, message.ref, out);
  if (message.shown >= event.version) return SHOWN;
  const waitMs = await out.state.takeEditSlot(id, out.editEveryMs);
  if (waitMs > 0) throw new RunLater(waitMs + 10, "edit slot busy");
  const view = await out.cards.view(event.requestId, out.locale);
  const shown = (await out.state.get(id))?.shown ?? message.shown;
  if (!view || view.version <= shown) return SHOWN;
  await send(() => out.sender.update(message.ref, { kind: "card", view }, out.locale));
  await out.state.raiseShown(id, view.version, out.messageTtlMs);
  return SHOWN;
}

type Posted =
  | { status: "shown"; message: DeliveredMessage | undefined }
  | Exclude<DeliveryOutcome, typeof SHOWN>;

/** The card's message: one the core already knows of (state lost), or a new post. */
async function adoptOrPost(id: string, event: CardEvent, out: Speaker): Promise<Posted> {
  const { channelId, messageRef } = event.conversation;
  if (messageRef) {
    const adopted = { ref: { channelId, messageId: messageRef }, shown: 0 };
    await out.state.save(id, adopted, out.messageTtlMs);
    return { status: "shown", message: adopted };
  }
  if (!(await out.state.claimPost(id, POST_HOLD_MS))) throw new RunLater(250, "first post in progress");
  try {
    // Someone may have posted between our read and our claim.
    const posted = await out.state.get(id);
    if (posted) return { status: "shown", message: posted };
    const view = await out.cards.view(event.requestId, out.locale);
    if (!view) return { status: "shown", message: undefined };
    let ref: MessageRef;
    try {
      ref = await send(() => out.sender.post(channelId, { kind: "card", view }, out.locale));
    } catch (error) {
      if (!isUndeliverable(error)) throw error;
      await endUndeliverable(event, error, out);
      return {
        status: "undeliverable",
        channelId,
        ...(error.platformCode ? { platformCode: error.platformCode } : {}),
        detail: error.message,
      };
    }
    const message = { ref, shown: view.version };
    await out.state.save(id, message, out.messageTtlMs);
    await out.state.markEdited(id, out.editEveryMs);
    await out.cards.attachMessage(event.requestId, ref.messageId);
    return { status: "shown", message };
  } finally {
    await out.state.releasePost(id);
  }
}

/**
 * The request ends (cancelled, `undeliverable`, audited) and its requester hears why, once. The
 * marker that silences the request's later events is set last, so a tell that must wait (a 429)
 * runs again: the repeated post fails the same way, and the cancel is idempotent.
 */
async function endUndeliverable(
  event: CardEvent,
  error: { platformCode?: string | undefined; remedy?: Message | undefined },
  out: Speaker,
): Promise<void> {
  const detail = {
    platform: out.platform,
    ...(error.platformCode ? { platformCode: error.platformCode } : {}),
  };
  const requester = (await out.cards.undeliverable(event.requestId, detail)) ?? event.requester;
  const told = toldMarker(event.requestId);
  if (requester && (await out.state.once(told, out.messageTtlMs))) {
    const content: Outbound = {
      kind: "private",
      text: { key: "delivery.undeliverable", params: { vm: event.vmName, id: event.requestId } },
      ...(error.remedy ? { remedy: error.remedy } : {}),
    };
    const person = { userId: requester.id, channelId: event.conversation.channelId };
    try {
      await send(() => out.sender.tell(person, content, out.locale));
    } catch (cause) {
      // Nowhere to tell them either: the audit trail and the cancelled request still say it.
      if (!isUndeliverable(cause)) {
        await out.state.forget(told);
        throw cause;
      }
    }
  }
  await out.state.once(undeliverableMarker(event.requestId), out.messageTtlMs);
}

/**
 * A milestone's thread reply, once per event even when the job runs again. The marker is kept with
 * the card's message (`replyOnce`), so it goes when the card's state does (expiry, request pruning).
 */
async function replyInThread(
  id: string,
  eventId: string,
  milestone: Message | undefined,
  parent: MessageRef,
  out: Speaker,
): Promise<void> {
  if (!milestone || !(await out.state.replyOnce(id, eventId, out.messageTtlMs))) return;
  try {
    await send(() => out.sender.reply(parent, { kind: "line", text: milestone }, out.locale));
  } catch (error) {
    await out.state.forgetReply(id, eventId);
    // A thread the platform refuses (a deleted card) loses one line, not the card's edits.
    if (!isUndeliverable(error)) throw error;
  }
}
