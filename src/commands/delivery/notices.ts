/**
 * System events (drift repairs, GC window passes, restore point warnings…) in a platform's notice
 * channels, as one summary message per burst instead of one post per VM. A burst is every event of
 * one type in a channel until `burstQuietMs` pass without one; events that carry a `summaryId` (a GC
 * window pass) get one message per summary instead, showing its latest event. Either way the
 * message is edited with the same coalescing as request cards (shown-version check + edit slot).
 */
import { burstTitle, type SystemNotice, systemNotice } from "../chat/system-notice.ts";
import type { Message } from "../chat/types.ts";
import type { Outbound } from "../ports/chat-sender.ts";
import type { SystemEvent } from "../ports/events.ts";
import type { Speaker } from "./context.ts";
import { RunLater } from "./run-later.ts";
import { send } from "./send.ts";

/** Lines a burst summary lists (the newest); the count covers all. */
const LINES_SHOWN = 10;
const POST_HOLD_MS = 30_000;

type Fields = Record<string, unknown>;

export async function showNotice(event: SystemEvent, channel: string, out: Speaker): Promise<void> {
  const summaryId = (event as Fields).summaryId;
  const single = typeof summaryId === "string";
  const where = `${out.platform}:${channel}`;
  const id = single ? `sum:${where}:${summaryId}` : `burst:${where}:${event.type}`;
  // A summary outlives its quiet time (a long window pass); a burst ends with it.
  const ttlMs = single ? out.burstQuietMs * 6 : out.burstQuietMs;
  // A job that runs again (after a 429 or a wait) must not count its event twice.
  const order = single
    ? await out.state.recordLatest(id, JSON.stringify(event), orderOf(event), ttlMs)
    : await out.state.recordBurst(
        id,
        `system:${where}:${event.id}`,
        JSON.stringify(systemNotice(event)),
        LINES_SHOWN,
        out.burstQuietMs,
      );
  let message = await out.state.get(id);
  if (!message) {
    if (!(await out.state.claimPost(id, POST_HOLD_MS))) throw new RunLater(250, "first post in progress");
    try {
      // Someone may have posted between our read and our claim.
      message = await out.state.get(id);
      if (!message) {
        const { content, shown } = await summary(out, id, event.type, single);
        const ref = await send(() => out.sender.post(channel, content, out.locale));
        await out.state.save(id, { ref, shown }, ttlMs);
        await out.state.markEdited(id, out.editEveryMs);
        return;
      }
    } finally {
      await out.state.releasePost(id);
    }
  }
  if (message.shown >= order) return;
  const waitMs = await out.state.takeEditSlot(id, out.editEveryMs);
  if (waitMs > 0) throw new RunLater(waitMs + 10, "edit slot busy");
  const { content, shown } = await summary(out, id, event.type, single);
  if (shown <= ((await out.state.get(id))?.shown ?? 0)) return;
  const ref = message.ref;
  await send(() => out.sender.update(ref, content, out.locale));
  await out.state.raiseShown(id, shown, ttlMs);
}

/** `attempt` then `seq` order a summary's events (a restarted pass supersedes the old one). */
function orderOf(event: SystemEvent): number {
  const { attempt, seq } = event as Fields;
  return (typeof attempt === "number" ? attempt : 0) * 1_000_000 + (typeof seq === "number" ? seq : 0);
}

async function summary(
  out: Speaker,
  id: string,
  type: string,
  single: boolean,
): Promise<{ content: Outbound; shown: number }> {
  if (single) {
    const latest = await out.state.readLatest(id);
    const event = JSON.parse(latest?.entry ?? "{}") as SystemEvent;
    return { content: { kind: "notice", notice: systemNotice(event) }, shown: latest?.order ?? 0 };
  }
  const { count, lines } = await out.state.readBurst(id, LINES_SHOWN);
  const notices = lines.map(readNotice);
  const more: Message | undefined =
    count > notices.length ? { key: "summary.more", params: { count: count - notices.length } } : undefined;
  return {
    content: { kind: "burst", title: burstTitle(type, count), notices, ...(more ? { more } : {}) },
    shown: count,
  };
}

/** A stored burst line: a notice (a plain `Message` from before notices had details reads as one). */
function readNotice(json: string): SystemNotice {
  const stored = JSON.parse(json) as SystemNotice | Message;
  return "text" in stored ? stored : { text: stored, details: [] };
}
