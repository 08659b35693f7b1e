/**
 * System events (drift repairs, GC window passes, restore point warnings…) in the notification
 * channels, as one summary message per burst instead of one post per VM. A burst is every event of
 * one type in a channel until `quietMs` pass without one; events that carry a `summaryId` (a GC
 * window pass) get one message per summary instead, showing its latest event. Either way the
 * message is edited with the same coalescing as request cards (shown-version check + edit slot).
 */
import type { Redis } from "ioredis";
import { burstTitle, type SystemNotice, systemNotice } from "../../../commands/chat/system-notice.ts";
import type { Message } from "../../../commands/chat/types.ts";
import type { SystemEvent } from "../../../commands/ports/events.ts";
import type { SlackText } from "../blocks.ts";
import { burstMessage, noticeMessage } from "./notice-blocks.ts";
import type { SlackOut } from "./slack-out.ts";

/** Lines a burst summary lists (the newest); the count covers all. */
const LINES_SHOWN = 10;

// Appends the event to the burst and returns its position (the version a message must show).
const RECORD_BURST = `local n = redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return n`;

// Keeps the summary's latest event (by order) and returns the event's order.
const RECORD_LATEST = `local cur = tonumber(redis.call('HGET', KEYS[1], 'order') or '-1')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], 'order', ARGV[2], 'event', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return tonumber(ARGV[2])`;

export interface SystemOut extends SlackOut {
  redis: Redis;
  prefix: string;
  channels: readonly string[];
  /** A burst ends after this long without an event of its type. @defaultValue 600000 */
  quietMs?: number;
}

type Fields = Record<string, unknown>;

export async function showSystemEvent(event: SystemEvent, out: SystemOut): Promise<void> {
  for (const channel of out.channels) await showIn(channel, event, out);
}

async function showIn(channel: string, event: SystemEvent, out: SystemOut): Promise<void> {
  const quietMs = out.quietMs ?? 600_000;
  const summaryId = (event as Fields).summaryId;
  const id = typeof summaryId === "string" ? `sum:${channel}:${summaryId}` : `burst:${channel}:${event.type}`;
  const data = `${out.prefix}:data:${id}`;
  const marker = `system:${channel}:${event.id}`;
  // A job that runs again (after a 429 or a wait) must not count its event twice.
  const order =
    typeof summaryId === "string"
      ? Number(
          await out.redis.eval(RECORD_LATEST, 1, data, JSON.stringify(event), orderOf(event), quietMs * 6),
        )
      : await recordOnce(out, marker, data, event, quietMs);
  const ttl = Math.ceil((typeof summaryId === "string" ? quietMs * 6 : quietMs) / 1000);
  let state = await out.states.get(id);
  if (!state) {
    const release = await out.states.claimPost(id);
    try {
      // Someone may have posted between our read and our claim.
      state = await out.states.get(id);
      if (!state) {
        const { text, shown } = await summary(out, data, event.type, typeof summaryId === "string");
        const answer = await out.client.chat.postMessage({ channel, ...text });
        await out.states.save(id, { channel, ts: String(answer.ts), shown }, ttl);
        await out.states.markEdited(id, out.editEveryMs);
        return;
      }
    } finally {
      await release();
    }
  }
  if (state.shown >= order) return;
  await out.states.takeEditSlot(id, out.editEveryMs);
  const { text, shown } = await summary(out, data, event.type, typeof summaryId === "string");
  if (shown <= ((await out.states.get(id))?.shown ?? 0)) return;
  await out.client.chat.update({ channel: state.channel, ts: state.ts, ...text });
  await out.states.raiseShown(id, shown, ttl);
}

async function recordOnce(out: SystemOut, marker: string, data: string, event: SystemEvent, quietMs: number) {
  const known = await out.redis.get(`${out.prefix}:pos:${marker}`);
  if (known) return Number(known);
  const line = JSON.stringify(systemNotice(event));
  const n = Number(await out.redis.eval(RECORD_BURST, 2, data, `${data}:lines`, line, quietMs, LINES_SHOWN));
  await out.redis.set(`${out.prefix}:pos:${marker}`, n, "PX", quietMs * 6);
  return n;
}

/** `attempt` then `seq` order a summary's events (a restarted pass supersedes the old one). */
function orderOf(event: SystemEvent): number {
  const { attempt, seq } = event as Fields;
  return (typeof attempt === "number" ? attempt : 0) * 1_000_000 + (typeof seq === "number" ? seq : 0);
}

async function summary(
  out: SystemOut,
  data: string,
  type: string,
  single: boolean,
): Promise<{ text: SlackText; shown: number }> {
  if (single) {
    const h = await out.redis.hgetall(data);
    const event = JSON.parse(h.event ?? "{}") as SystemEvent;
    return { text: noticeMessage(systemNotice(event), out.locale, out.render), shown: Number(h.order ?? 0) };
  }
  const count = Number((await out.redis.hget(data, "count")) ?? 0);
  const notices = (await out.redis.lrange(`${data}:lines`, 0, LINES_SHOWN - 1)).map(readNotice);
  const more: Message | undefined =
    count > notices.length ? { key: "summary.more", params: { count: count - notices.length } } : undefined;
  return {
    text: burstMessage(burstTitle(type, count), notices, more, out.locale, out.render),
    shown: count,
  };
}

/** A stored burst line: a notice (a plain `Message` from before notices had details reads as one). */
function readNotice(json: string): SystemNotice {
  const stored = JSON.parse(json) as SystemNotice | Message;
  return "text" in stored ? stored : { text: stored, details: [] };
}
