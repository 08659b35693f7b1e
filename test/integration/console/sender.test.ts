/**
 * The console's `ChatSender` over its real Redis log: what the delivery pipeline posts, edits,
 * threads and tells is what a page loads after a reload and what an open page is pushed live.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConsoleLive, type ConsoleRecord, ConsoleSender } from "../../../src/bot/console/sender.ts";
import { SendError } from "../../../src/commands/ports/chat-sender.ts";
import { RedisRecentLog } from "../../../src/store/redis-recent-log.ts";
import { useRedis } from "../../helpers/redis.ts";

const line = (key: string) => ({ kind: "line" as const, text: { key } });

function setUp(t: Parameters<typeof useRedis>[0], max = 50) {
  const { redis, prefix } = useRedis(t);
  const store = new RedisRecentLog<ConsoleRecord>({ redis, prefix, name: "console", max });
  const live = new ConsoleLive();
  const pushed: ConsoleRecord[] = [];
  live.subscribe((record) => pushed.push(record));
  return { store, live, pushed, sender: new ConsoleSender({ store, live }) };
}

test("posts, edits in place, threads replies and keeps them for a reload, pushing each live", async (t) => {
  const { store, pushed, sender } = setUp(t);
  const card = await sender.post("console", line("first"), "en");
  const other = await sender.post("console", line("second"), "en");
  await sender.update(card, line("first, edited"), "en");
  const reply = await sender.reply(card, line("milestone"), "ja");

  const kept = await store.list();
  assert.deepEqual(
    kept.map((r) => [r.id, r.content.kind === "line" ? r.content.text.key : "?", r.parentId]),
    [
      [card.messageId, "first, edited", undefined],
      [other.messageId, "second", undefined],
      [reply.messageId, "milestone", card.messageId],
    ],
    "an edit replaces the message where it stands; a reply points at its parent",
  );
  assert.ok(kept[0]?.editedAt, "an edited message says when");
  assert.equal(pushed.length, 4, "every post, edit and reply reaches open pages");
  assert.equal(card.channelId, "console");
});

test("a private notice is addressed to one person", async (t) => {
  const { store, sender } = setUp(t);
  await sender.tell({ userId: "aiko", channelId: "console" }, { kind: "private", text: { key: "x" } }, "en");
  const [record] = await store.list();
  assert.equal(record?.to, "aiko");
});

test("editing a message the console no longer keeps is undeliverable, not retried forever", async (t) => {
  const { sender } = setUp(t);
  await assert.rejects(
    sender.update({ channelId: "console", messageId: "m-gone" }, line("x"), "en"),
    (error: unknown) => error instanceof SendError && error.problem === "undeliverable",
  );
});

test("the history is bounded: the oldest messages go first", async (t) => {
  const { store, sender } = setUp(t, 3);
  const refs = [];
  for (const key of ["a", "b", "c", "d", "e"]) refs.push(await sender.post("console", line(key), "en"));
  const kept = await store.list();
  assert.deepEqual(
    kept.map((r) => (r.content.kind === "line" ? r.content.text.key : "?")),
    ["c", "d", "e"],
  );
  assert.equal(await store.get(refs[0]?.messageId ?? ""), undefined, "a dropped message is gone entirely");
});
