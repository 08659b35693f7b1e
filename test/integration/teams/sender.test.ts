/**
 * The Teams sender against the connector stand-in, with references on real Redis: where each kind
 * of send goes (a channel post, its thread, an in-place edit, a chat reply, a personal chat), and
 * how every connector failure reads to the delivery pipeline (`SendError`).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAdapter } from "../../../src/bot/teams/adapter.ts";
import { ConversationReferences } from "../../../src/bot/teams/references.ts";
import { retryAfterMs } from "../../../src/bot/teams/send-errors.ts";
import { TeamsSender } from "../../../src/bot/teams/sender.ts";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import type { Outbound } from "../../../src/commands/ports/chat-sender.ts";
import { SendError } from "../../../src/commands/ports/chat-sender.ts";
import { useRedis } from "../../helpers/redis.ts";
import { ALICE, BOT_ID, OPS_CHANNEL, TENANT } from "../../helpers/teams-client.ts";
import { cardText, startConnectorStub } from "../../helpers/teams-connector.ts";

const LINE: Outbound = { kind: "line", text: { key: "event.approved", params: { by: "Bob" } } };
const GROUP_CHAT = "19:group-chat@thread.v2";

async function setUp(t: import("node:test").TestContext) {
  const { redis, prefix } = useRedis(t);
  const after: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of after) await fn();
  });
  const connector = await startConnectorStub({ after: (fn) => after.push(fn) });
  const references = new ConversationReferences(redis, `${prefix}:teams`);
  const reference = (id: string, conversationType: string, locale = "en-US") =>
    references.remember({
      channelId: "msteams",
      serviceUrl: connector.serviceUrl,
      bot: { id: BOT_ID, name: "kura" },
      conversation: {
        id,
        conversationType,
        isGroup: conversationType !== "personal",
        tenantId: TENANT,
        name: "",
      },
      locale,
      user: { id: ALICE.id, name: ALICE.name, aadObjectId: ALICE.aadObjectId },
    });
  await reference(`${OPS_CHANNEL};messageid=1`, "channel");
  await reference(GROUP_CHAT, "groupChat", "ja-JP");
  const sender = new TeamsSender({
    adapter: createAdapter({ appId: undefined, appType: "MultiTenant" }),
    appId: "",
    references,
    render: (message, locale) => renderMessage(message, locale),
  });
  return { connector, sender, references, reference };
}

test("post, thread reply and in-place update in a channel; a chat reply follows its message; the chat's own language", async (t) => {
  const { connector, sender } = await setUp(t);
  const post = await sender.post(OPS_CHANNEL, LINE, "en");
  assert.deepEqual(post, { channelId: OPS_CHANNEL, messageId: "act-1" });
  const reply = await sender.reply(post, LINE, "en");
  assert.equal(reply.channelId, `${OPS_CHANNEL};messageid=act-1`, "a channel post's thread");
  await sender.update(post, { kind: "line", text: { key: "event.expired" } }, "en");
  assert.equal(connector.messages.get("act-1")?.history.length, 1);
  assert.match(cardText(connector.messages.get("act-1")?.activity), /expired/i);

  const chat = await sender.post(GROUP_CHAT, LINE, "en");
  const chatReply = await sender.reply(chat, LINE, "en");
  assert.equal(chatReply.channelId, GROUP_CHAT);
  assert.equal(connector.messages.get(chatReply.messageId)?.replyTo, chat.messageId, "replyToActivity");
  assert.match(cardText(connector.messages.get(chat.messageId)?.activity), /承認/, "ja-JP chat in Japanese");
});

test("tell: the person's personal chat when kura has one, else the conversation itself", async (t) => {
  const { connector, sender, reference } = await setUp(t);
  const notice: Outbound = {
    kind: "private",
    text: { key: "event.expired" },
    remedy: { key: "teams.remedy.notInstalled" },
  };
  await sender.tell({ userId: ALICE.aadObjectId, channelId: OPS_CHANNEL }, notice, "en");
  assert.equal(connector.calls.at(-1)?.conversationId, OPS_CHANNEL);
  await reference("a:personal-alice", "personal");
  await sender.tell({ userId: ALICE.aadObjectId, channelId: OPS_CHANNEL }, notice, "en");
  assert.equal(connector.calls.at(-1)?.conversationId, "a:personal-alice");
  assert.match(cardText(connector.calls.at(-1)?.activity), /Add kura to this team/);
});

test("connector failures as the pipeline reads them: 429/412/502/504 wait as advised, 403/404 are undeliverable at once", async (t) => {
  const { connector, sender, references } = await setUp(t);
  const failure = async (): Promise<SendError> => {
    try {
      await sender.post(OPS_CHANNEL, LINE, "en");
    } catch (error) {
      assert.ok(error instanceof SendError);
      return error;
    }
    throw new Error("the send succeeded");
  };
  connector.throttle(1, 3);
  const throttled = await failure();
  assert.equal(throttled.problem, "rate-limited");
  assert.equal(throttled.retryAfterMs, 3_000);
  assert.equal(throttled.platformCode, "HTTP 429");
  assert.equal(connector.calls.length, 1, "no retry inside the sender");
  for (const status of [412, 502, 504]) {
    connector.fail(1, status, 2);
    const error = await failure();
    assert.equal(error.problem, "transient", String(status));
    assert.equal(error.retryAfterMs, 2_000);
  }
  connector.fail(1, 500);
  assert.equal((await failure()).problem, "transient");
  connector.remove(OPS_CHANNEL);
  const removed = await failure();
  assert.equal(removed.problem, "undeliverable");
  assert.equal(removed.remedy?.key, "teams.remedy.notInstalled");
  await references.forget(OPS_CHANNEL);
  const unknown = await failure();
  assert.equal(unknown.problem, "undeliverable");
  assert.equal(unknown.platformCode, "no_conversation_reference");
  assert.equal(connector.calls.filter((c) => c.status === 404).length, 0, "nothing sent without a reference");
});

test("Retry-After as seconds or an HTTP date", () => {
  assert.equal(retryAfterMs("2"), 2_000);
  assert.equal(retryAfterMs("0.5"), 500);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
  assert.equal(retryAfterMs("soon"), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});
