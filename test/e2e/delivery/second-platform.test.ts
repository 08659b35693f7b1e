/**
 * A second chat platform joins with nothing but a sender: an in-memory platform (test/helpers/
 * memory-sender.ts) started in the real bot role beside (here: instead of) Slack, with real BullMQ
 * queues on real Redis. Its events are routed to it alone, its card edits wait out a 429's
 * Retry-After, bursts are coalesced, and an undeliverable card is said at once — exactly as Slack's.
 * No Slack file is involved.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ChatActor } from "../../../src/commands/chat/types.ts";
import type { KuraEvent, SystemEvent } from "../../../src/commands/ports/events.ts";
import { startBotRole } from "../../../src/compose/bot-role.ts";
import { createLogger } from "../../../src/log.ts";
import { type KuraStack, startKuraStack } from "../../helpers/kura-stack.ts";
import { MemorySender, memoryPlatform, until } from "../../helpers/memory-sender.ts";

const ALICE: ChatActor = { platform: "memory", id: "alice", name: "Alice" };
const BOB: ChatActor = { platform: "memory", id: "bob", name: "Bob" };
const NOTICES = "ops-notices";

async function start(t: Parameters<typeof startKuraStack>[0], platforms = ["memory"]) {
  const sender = new MemorySender("memory");
  const stack = await startKuraStack(t, {
    env: { KURA_APPROVERS: "memory:bob" },
    overrides: { platforms },
  });
  const bot = await startBotRole(stack.runtime, createLogger({ level: "warn", name: "kura-bot-test" }), {
    port: 0,
    platforms: [memoryPlatform(sender, [NOTICES])],
  });
  stack.track(bot);
  return { stack, sender };
}

async function ask(stack: KuraStack, channelId: string): Promise<string> {
  const reply = await stack.runtime.chat.handleCommand({
    text: "web-01",
    actor: ALICE,
    conversation: { platform: "memory", channelId },
  });
  assert.equal(reply.kind, "request-created");
  return reply.kind === "request-created" ? reply.request.id : "";
}

const cardStatus = (content: { kind: string; view?: { status: string } } | undefined) =>
  content?.kind === "card" ? content.view?.status : undefined;

test("a second platform's card is posted, edited after a 429's Retry-After, and gets its thread line", async (t) => {
  const { stack, sender } = await start(t);
  const id = await ask(stack, "ops");
  const card = await until("the card", () => sender.posts("ops")[0]);
  assert.equal(cardStatus(card.content), "pending");

  sender.throttle("update", 1_500);
  const decided = await stack.runtime.chat.decide({ requestId: id, actor: BOB, approve: true });
  assert.equal(decided.ok, true);
  await until("the edit after Retry-After", () => cardStatus(card.content) === "approved", 20_000);
  const updates = sender.calls.filter((c) => c.method === "update");
  assert.deepEqual(
    updates.map((c) => c.answer),
    ["429", "ok"],
    "one 429, then the edit: delayed, not failed",
  );
  const lines = sender.replies(card.ref).map((m) => (m.content.kind === "line" ? m.content.text.key : ""));
  assert.deepEqual(lines, ["event.approved"], "the milestone once, not held back by the edit's 429");
  assert.equal(sender.posts("ops").length, 1, "edited in place, never re-posted");
});

test("a burst of system notices on the second platform is one message, coalesced to the total", async (t) => {
  const { stack, sender } = await start(t);
  const at = new Date().toISOString();
  const events: SystemEvent[] = Array.from({ length: 60 }, (_, i) => ({
    id: `drift:${at}:vm-${i}`,
    at,
    type: "drift-repaired",
    vmName: `vm-${i}`,
    from: "Protected",
    to: "ProtectionStopped",
    reasons: [],
  }));
  await Promise.all(events.map((event) => stack.runtime.events.emit(event)));
  const summary = await until("the burst to count 60", () => {
    const first = sender.posts(NOTICES)[0];
    const content = first?.content;
    return content?.kind === "burst" && content.title.params?.count === 60 && first;
  });
  assert.equal(sender.posts(NOTICES).length, 1, "one message, not 60");
  assert.ok(summary.history.length < 30, `coalesced edits (${summary.history.length} versions)`);
});

test("an event for a platform not running here is left in its queue, never marked done", async (t) => {
  const { stack, sender } = await start(t, ["memory", "teams"]);
  const teams: KuraEvent = {
    id: "b-teams1:1:requested",
    at: new Date().toISOString(),
    type: "requested",
    requestId: "b-teams1",
    vmName: "web-01",
    version: 1,
    conversation: { platform: "teams", channelId: "19:abc@thread.tacv2" },
    requester: { platform: "teams", id: "aad-1" },
    retentionDays: 7,
  };
  await stack.runtime.events.emit(teams);
  await ask(stack, "ops");
  await until("memory's own card", () => sender.posts("ops")[0]);
  const queue = stack.runtime.events.queueFor("teams");
  assert.equal(await queue.getWaitingCount(), 1, "the Teams event waits for a Teams process");
  assert.equal(await queue.getCompletedCount(), 0);
  assert.equal(sender.posts("19:abc@thread.tacv2").length, 0);
});

test("a card the platform refuses: the requester is told privately at once, the request is cancelled undeliverable and audited", async (t) => {
  const { stack, sender } = await start(t);
  sender.refuse("secret-room", "not_a_member");
  const id = await ask(stack, "secret-room");
  const told = await until("the private notice", () => sender.told[0]);
  assert.deepEqual(told.person, { userId: "alice", channelId: "secret-room" });
  assert.equal(told.content.kind, "private");
  if (told.content.kind === "private") {
    assert.equal(told.content.text.key, "delivery.undeliverable");
    assert.equal(told.content.remedy?.key, "remedy.memory");
  }
  const ended = await stack.runtime.journal.requests.get(id);
  assert.equal(ended?.status, "cancelled");
  assert.equal(ended?.cancelRequested?.reason, "undeliverable");
  const audit = await stack.runtime.audit.read({ count: 20 });
  const entry = audit.find((e) => e.correlationId === id && e.action === "request.cancelled");
  assert.equal(entry?.actor, "kura");
  assert.equal(entry?.detail?.reason, "undeliverable");
  assert.equal(entry?.detail?.platformCode, "not_a_member");
  assert.equal(sender.told.length, 1, "told once");
});
