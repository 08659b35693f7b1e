import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import type { CommandReply, Message } from "../../../src/commands/chat/types.ts";
import { createChat } from "../../../src/compose/chat.ts";
import { ALICE, BOB, CAROL, CHANNEL, command, DAVE, EVE, FRANK, startChatStack } from "./chat-stack.ts";

function message(reply: CommandReply) {
  assert.equal(reply.kind, "message", JSON.stringify(reply));
  if (reply.kind !== "message") throw new Error("unreachable");
  assert.equal(reply.visibility, "ephemeral");
  return reply;
}

const keys = (lines: Message[] | undefined) => (lines ?? []).map((line) => line.key);

describe("ChatService: queries and help on the emulator and real Redis", () => {
  it("lists managed VMs with protection state, restore points and the next GC window", async (t) => {
    const { runtime } = await startChatStack(t);
    const reply = message(await runtime.chat.handleCommand(command("list")));
    assert.equal(reply.text.key, "reply.listTitle");
    const db = reply.lines?.find((line) => line.params?.vm === "db-01");
    assert.equal(db?.params?.count, 16);
    assert.equal(db?.params?.limit, 18);
    assert.equal(db?.params?.state, "ProtectionStopped");
    assert.equal(
      renderMessage(reply.facts?.[1]?.value as Message, "ja"),
      "2026-11-28 00:00 JST",
      "the next window opens Saturday 00:00 Tokyo",
    );
    assert.match(renderMessage(db as Message, "ja"), /^db-01: 保護の停止 \(データ保持\)、/);
  });

  it("shows the GC window: closed on Thursday, open on Saturday", async (t) => {
    const thursday = await startChatStack(t);
    const closed = message(await thursday.runtime.chat.handleCommand(command("gc")));
    assert.deepEqual(closed.text, {
      key: "reply.gcClosed",
      params: { opensAt: "2026-11-27T15:00:00.000Z", closesAt: "2026-11-29T15:00:00.000Z" },
    });
    const saturday = await startChatStack(t, { start: "2026-11-28T03:00:00.000Z" });
    const open = message(await saturday.runtime.chat.handleCommand(command("gc")));
    assert.equal(open.text.key, "reply.gcOpen");
    assert.equal(
      renderMessage(open.text, "en"),
      "The weekly GC window is open now, until 2026-11-30 00:00 JST.",
    );
  });

  it("answers status for a request, for a VM, and for what is waiting", async (t) => {
    const { runtime } = await startChatStack(t);
    const created = await runtime.chat.handleCommand(command("web-01 --retain 3d"));
    assert.equal(created.kind, "request-created");
    if (created.kind !== "request-created") return;
    const id = created.request.id;

    const card = message(await runtime.chat.handleCommand(command(`status ${id}`)));
    assert.deepEqual(card.text, { key: "title.pending", params: { vm: "web-01" } });
    assert.ok(card.facts?.some((f) => f.label.key === "fact.retention"));

    const vm = message(await runtime.chat.handleCommand(command("status web-01")));
    assert.deepEqual(vm.text, {
      key: "reply.vmStatus",
      params: { vm: "web-01", state: "ProtectionStopped" },
    });
    const last = vm.facts?.find((f) => f.label.key === "fact.lastRequest");
    assert.deepEqual(last?.value, { key: "value.request", params: { id, status: "pending" } });

    const waiting = message(await runtime.chat.handleCommand(command("status")));
    assert.equal(waiting.text.key, "reply.activeTitle");
    assert.deepEqual(
      waiting.lines?.map((l) => l.params?.id),
      [id],
    );

    const unknown = message(await runtime.chat.handleCommand(command("status nosuch-vm")));
    assert.equal(unknown.text.key, "problem.AZURE_NOT_FOUND");
  });

  it("lists history, for all VMs and for one, newest first", async (t) => {
    const { runtime } = await startChatStack(t);
    const empty = message(await runtime.chat.handleCommand(command("history")));
    assert.equal(empty.text.key, "reply.historyEmpty");
    const ids: string[] = [];
    for (const vm of ["web-01", "web-02", "web-01"]) {
      const reply = await runtime.chat.handleCommand(command(vm));
      if (reply.kind === "request-created") ids.push(reply.request.id);
    }
    const all = message(await runtime.chat.handleCommand(command("history")));
    assert.deepEqual(
      all.lines?.map((l) => l.params?.id),
      [...ids].reverse(),
    );
    const one = message(await runtime.chat.handleCommand(command("history web-01")));
    assert.deepEqual(one.text, { key: "reply.historyTitleVm", params: { vm: "web-01", count: 2 } });
  });

  it("shows the newest audit entries, as many as asked, to approvers and auditors only", async (t) => {
    const { runtime } = await startChatStack(t, { auditors: [FRANK.id] });
    const created = await runtime.chat.handleCommand(command("web-01"));
    if (created.kind !== "request-created") throw new Error(JSON.stringify(created));
    await runtime.chat.decide({ requestId: created.request.id, actor: BOB, approve: false });
    const refused = message(await runtime.chat.handleCommand(command("audit", EVE)));
    assert.equal(refused.text.key, "problem.NOT_AN_AUDITOR");
    assert.equal(refused.lines, undefined);
    const requester = message(await runtime.chat.handleCommand(command("audit", ALICE)));
    assert.equal(requester.text.key, "problem.NOT_AN_AUDITOR", "being a requester is not enough");
    const auditor = message(await runtime.chat.handleCommand(command("audit", FRANK)));
    assert.equal(auditor.text.key, "reply.auditTitle");
    const byGroup = message(await runtime.chat.handleCommand(command("audit", DAVE)));
    assert.equal(byGroup.text.key, "reply.auditTitle");
    const one = message(await runtime.chat.handleCommand(command("audit 1", BOB)));
    assert.deepEqual(keys(one.lines), ["reply.auditLine"]);
    assert.equal(one.lines?.[0]?.params?.action, "request.rejected");
    const all = message(await runtime.chat.handleCommand(command("audit", CAROL)));
    assert.deepEqual(
      all.lines?.map((l) => l.params?.action),
      ["request.rejected", "request.created"],
    );
  });

  it("shows a request's reason only to those who could see its card or may decide on it", async (t) => {
    const { runtime } = await startChatStack(t);
    const created = await runtime.chat.handleCommand(command('web-01 --reason "patch night for payroll"'));
    if (created.kind !== "request-created") throw new Error(JSON.stringify(created));
    const id = created.request.id;
    const elsewhere = { platform: "slack", channelId: "C0RANDOM" };
    const ask = async (actor: typeof ALICE, conversation = CHANNEL) =>
      message(await runtime.chat.handleCommand({ text: `status ${id}`, actor, conversation }));
    const reasonOf = (reply: Awaited<ReturnType<typeof ask>>) =>
      reply.facts?.find((f) => f.label.key === "fact.reason")?.value;

    assert.equal(reasonOf(await ask(EVE)), "patch night for payroll", "in the card's channel");
    assert.equal(reasonOf(await ask(BOB, elsewhere)), "patch night for payroll", "an approver");
    assert.equal(reasonOf(await ask(ALICE, elsewhere)), "patch night for payroll", "the requester");
    const stranger = await ask(EVE, elsewhere);
    assert.equal(reasonOf(stranger), undefined, "anyone else: no reason");
    assert.ok(
      stranger.facts?.some((f) => f.label.key === "fact.vm"),
      "but the rest of the card",
    );
  });

  it("answers help, usage problems, and commands a kura is not wired for", async (t) => {
    const { runtime } = await startChatStack(t);
    const help = message(await runtime.chat.handleCommand(command("help")));
    assert.deepEqual(keys(help.lines), ["usage.overview"]);
    const typo = message(await runtime.chat.handleCommand(command("hisory")));
    assert.equal(renderMessage(typo.text, "en").includes("Did you mean `history`?"), true);
    assert.deepEqual(keys(typo.lines), ["usage.history"]);
    const hostile = message(
      await runtime.chat.handleCommand(command(`web-01 --reason "${"x".repeat(10_000)}`)),
    );
    assert.equal(hostile.text.key, "parse.tooLong");
    // A kura wired without the compute gateway and the emergency window store has no such commands.
    const { gateway, journal, queue, audit, clock, redis, isManaged } = runtime;
    const parts = { gateway, journal, queue, audit, clock, redis, isManaged };
    const bare = createChat(runtime.config, { ...parts, lifecycle: runtime.lifecycle.settings });
    for (const text of ["gc open web-01", "snapshot web-01 --keep 7d"]) {
      const later = message(await bare.handleCommand(command(text)));
      assert.equal(later.text.key, "problem.notAvailableYet");
    }
    assert.equal((await runtime.journal.requests.listRecent(10)).length, 0);
  });

  it("records where the card was posted without publishing an event", async (t) => {
    const { runtime } = await startChatStack(t);
    const created = await runtime.chat.handleCommand(command("web-01"));
    if (created.kind !== "request-created") throw new Error(JSON.stringify(created));
    const id = created.request.id;
    const eventsBefore = await runtime.events.queue.count();
    const auditBefore = (await runtime.audit.read({ count: 100 })).length;

    await runtime.chat.attachMessage(id, "1732590000.000100", "1732590000.000100");
    const stored = await runtime.journal.requests.get(id);
    assert.deepEqual(stored?.conversation, {
      ...CHANNEL,
      messageRef: "1732590000.000100",
      threadRef: "1732590000.000100",
    });
    assert.equal(stored?.status, "pending");
    assert.equal(await runtime.events.queue.count(), eventsBefore);
    assert.equal((await runtime.audit.read({ count: 100 })).length, auditBefore);

    const view = await runtime.chat.view(id, "ja");
    assert.equal(view?.version, stored?.version);
    assert.equal(await runtime.chat.view("b-0000000000", "en"), undefined);
    await runtime.chat.attachMessage("b-0000000000", "x"); // an unknown request is ignored
    assert.equal(ALICE.id, created.request.requester.id);
  });
});
