/**
 * The Teams turn logic on botbuilder's `TestAdapter` (no HTTP): what kura asks the core for each
 * activity, and what it answers. The core here records what it was asked and answers as the real
 * one would; the end-to-end tests (test/e2e/teams/) run the same turns against the real core.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Activity, TestAdapter } from "botbuilder";
import { KuraTeamsBot } from "../../../src/bot/teams/bot.ts";
import { VERBS } from "../../../src/bot/teams/cards.ts";
import { commandText } from "../../../src/bot/teams/inbound.ts";
import { ConversationReferences } from "../../../src/bot/teams/references.ts";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import type { ChatService, RequestView } from "../../../src/commands/chat/types.ts";
import { useRedis } from "../../helpers/redis.ts";

const VIEW: RequestView = {
  requestId: "b-1",
  version: 1,
  status: "pending",
  title: { key: "title.pending", params: { vm: "web-01" } },
  facts: [],
  notes: [],
  actions: ["approve", "reject"],
};

const viewAs = (status: "approved" | "rejected" | "cancelled"): RequestView => ({
  ...VIEW,
  status,
  title: { key: `title.${status}`, params: { vm: "web-01" } },
  actions: [],
});

function recordingChat(calls: { method: string; input: unknown }[]): ChatService {
  const record = (method: string, input: unknown) => calls.push({ method, input });
  return {
    async handleCommand(input) {
      record("handleCommand", input);
      return { kind: "message", visibility: "ephemeral", text: { key: "usage.list" } };
    },
    async decide(input) {
      record("decide", input);
      return input.actor.id === "aad-bob"
        ? { ok: true, view: viewAs(input.approve ? "approved" : "rejected") }
        : { ok: false, text: { key: "problem.NOT_APPROVER" } };
    },
    async mayDecide() {
      return { ok: true, view: VIEW };
    },
    async suggested(input) {
      record("suggested", input);
      return { kind: "ignored" };
    },
    async cancel(input) {
      record("cancel", input);
      return { ok: true, view: viewAs("cancelled") };
    },
    async view(requestId) {
      return requestId === "b-1" ? VIEW : undefined;
    },
    async attachMessage() {},
  };
}

function setUp(t: import("node:test").TestContext) {
  const { redis, prefix } = useRedis(t);
  const calls: { method: string; input: unknown }[] = [];
  const references = new ConversationReferences(redis, `${prefix}:teams`);
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const bot = new KuraTeamsBot({
    chat: recordingChat(calls),
    references,
    render: (m, l) => renderMessage(m, l),
    locale: "en",
    log: quiet,
  });
  const adapter = new TestAdapter((context) => bot.run(context));
  return { adapter, calls, references };
}

const from = (aad: string, name: string) => ({ id: `29:${name}`, name, aadObjectId: aad });
const channel = { id: "19:ops@thread.tacv2;messageid=9", conversationType: "channel", isGroup: true };

test("the command text: mention, leading backup and HTML leftovers go", () => {
  assert.equal(commandText("<at>kura</at> backup web-01 --retain 30d"), "web-01 --retain 30d");
  assert.equal(commandText("<at>kura</at>&nbsp;/backup status"), "status");
  assert.equal(commandText("status web-01"), "status web-01");
  assert.equal(commandText("backup"), "");
  assert.equal(commandText('backup web-01 --reason "a &amp; b"'), 'web-01 --reason "a & b"');
  assert.equal(commandText(undefined), "");
});

test("a channel @mention becomes one core command from the AAD identity, with an idempotency key; the answer is a card", async (t) => {
  const { adapter, calls, references } = setUp(t);
  const message: Partial<Activity> = {
    type: "message",
    id: "m-1",
    text: "<at>kura</at> backup list",
    from: from("aad-alice", "Alice"),
    conversation: channel as Activity["conversation"],
    locale: "ja-JP",
    serviceUrl: "https://smba.example/",
    entities: [{ type: "mention", text: "<at>kura</at>", mentioned: { id: "bot", name: "kura" } }],
  };
  await adapter
    .send(message)
    .assertReply((reply) => {
      const card = reply.attachments?.[0]?.content;
      assert.equal(card?.type, "AdaptiveCard");
      assert.match(JSON.stringify(card), /[\u3040-\u30ff]/, "Japanese, from the activity's locale");
    })
    .startTest();
  const [call] = calls;
  assert.equal(call?.method, "handleCommand");
  assert.deepEqual(call?.input, {
    text: "list",
    actor: { platform: "teams", id: "aad-alice", name: "Alice", locale: "ja" },
    conversation: { platform: "teams", channelId: "19:ops@thread.tacv2" },
    idempotencyKey: "teams:19:ops@thread.tacv2;messageid=9:m-1",
  });
  const stored = await references.get("19:ops@thread.tacv2");
  assert.equal(stored?.serviceUrl, "https://smba.example/");
  assert.equal(stored?.locale, "ja-JP");
});

test("Action.Execute: Approve, Reject with its reason, Cancel and a refused click, each answered with a card", async (t) => {
  const { adapter, calls } = setUp(t);
  const invoke = (
    who: ReturnType<typeof from>,
    verb: string,
    data: Record<string, unknown>,
  ): Partial<Activity> => ({
    type: "invoke",
    name: "adaptiveCard/action",
    from: who,
    conversation: channel as Activity["conversation"],
    serviceUrl: "https://smba.example/",
    value: { action: { type: "Action.Execute", id: verb, verb, data }, trigger: "manual" },
  });
  const bob = from("aad-bob", "Bob");
  const answered = (pattern: RegExp) => (reply: Partial<Activity>) => {
    assert.equal(reply.type, "invokeResponse");
    const body = (reply.value as { body: { type: string; value: unknown } }).body;
    assert.equal(body.type, "application/vnd.microsoft.card.adaptive");
    assert.match(JSON.stringify(body.value), pattern);
  };
  await adapter
    .send(invoke(bob, VERBS.approve, { requestId: "b-1" }))
    .assertReply(answered(/approved/))
    .startTest();
  await adapter
    .send(invoke(bob, VERBS.reject, { requestId: "b-1", reason: "  freeze  " }))
    .assertReply(answered(/rejected/))
    .startTest();
  await adapter
    .send(invoke(bob, VERBS.cancel, { requestId: "b-1" }))
    .assertReply(answered(/cancelled/))
    .startTest();
  await adapter
    .send(invoke(from("aad-mallory", "Mallory"), VERBS.approve, { requestId: "b-1" }))
    .assertReply(answered(/waiting for approval/))
    .startTest();
  await adapter
    .send(invoke(bob, "something.else", {}))
    .assertReply(answered(/went wrong/))
    .startTest();
  assert.deepEqual(
    calls.map((c) => c.method),
    ["decide", "decide", "cancel", "decide"],
  );
  const rejected = calls[1]?.input as { reason?: string; approve: boolean } | undefined;
  assert.equal(rejected?.reason, "freeze");
  assert.equal(rejected?.approve, false);
});

test("installed and removed: the conversation's reference is kept, then forgotten", async (t) => {
  const { adapter, references } = setUp(t);
  const update = (type: string, extra: Partial<Activity>): Partial<Activity> => ({
    type,
    from: from("aad-alice", "Alice"),
    recipient: { id: "28:kura", name: "kura" },
    conversation: {
      id: "19:new@thread.tacv2",
      conversationType: "channel",
      isGroup: true,
    } as Activity["conversation"],
    serviceUrl: "https://smba.example/",
    ...extra,
  });
  await adapter.send(update("installationUpdate", { action: "add" })).startTest();
  assert.ok(await references.get("19:new@thread.tacv2"));
  await adapter
    .send(update("conversationUpdate", { membersRemoved: [{ id: "28:kura", name: "kura" }] }))
    .startTest();
  assert.equal(await references.get("19:new@thread.tacv2"), undefined);
  await adapter
    .send(update("conversationUpdate", { membersAdded: [{ id: "28:kura", name: "kura" }] }))
    .startTest();
  assert.ok(await references.get("19:new@thread.tacv2"));
  await adapter.send(update("installationUpdate", { action: "remove" })).startTest();
  assert.equal(await references.get("19:new@thread.tacv2"), undefined);
});
