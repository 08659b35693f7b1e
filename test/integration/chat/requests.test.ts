import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CommandReply } from "../../../src/commands/chat/types.ts";
import { ALICE, BOB, CAROL, command, DAVE, EVE, startChatStack } from "./chat-stack.ts";

function created(reply: CommandReply) {
  assert.equal(reply.kind, "request-created", JSON.stringify(reply));
  if (reply.kind !== "request-created") throw new Error("unreachable");
  return reply;
}

const noteKeys = (reply: ReturnType<typeof created>) =>
  reply.view.notes.map((n) => `${n.level}:${n.text.key}`);

describe("ChatService: requests and decisions on the emulator and real Redis", () => {
  it("creates a request whose card carries the preflight findings for the approver", async (t) => {
    const { runtime } = await startChatStack(t);
    // db-01 holds 16 instant restore points in the seed: a backup now would make 17 of 18.
    const reply = created(
      await runtime.chat.handleCommand(command('db-01 --retain 7d --reason "before patch"')),
    );
    assert.equal(reply.request.status, "pending");
    assert.equal(reply.request.retentionDays, 7);
    assert.equal(reply.request.reason, "before patch");
    assert.deepEqual(reply.view.actions, ["approve", "reject"]);
    assert.deepEqual(noteKeys(reply), ["warning:note.RP_LIMIT_NEAR"]);
    const points = reply.view.facts.find((f) => f.label.key === "fact.restorePoints");
    assert.deepEqual(points?.value, {
      key: "value.restorePoints",
      params: { count: 16, limit: 18, headroom: 2 },
    });

    const clean = created(await runtime.chat.handleCommand(command("web-01")));
    assert.deepEqual(noteKeys(clean), ["info:note.preflightClear"]);
    assert.equal(clean.request.retentionDays, 30, "the configured default retention");
  });

  it("still creates a request that collides with the schedule; the card says when it could run", async (t) => {
    // Wednesday 2026-11-25 09:30 Tokyo: 30 minutes before the policy's 10:00 run.
    const { runtime } = await startChatStack(t, { start: "2026-11-25T00:30:00.000Z" });
    const reply = created(await runtime.chat.handleCommand(command("app-01")));
    assert.deepEqual(noteKeys(reply), ["error:note.SCHEDULE_COLLISION", "info:note.preflightRecheck"]);
    assert.equal(reply.view.notes[0]?.text.params?.nextSafeTime, "2026-11-25T04:00:00.001Z");
    assert.deepEqual(reply.view.actions, ["approve", "reject"]);
  });

  it("lets a listed approver approve, which enqueues exactly that request", async (t) => {
    const { runtime } = await startChatStack(t);
    const { request } = created(await runtime.chat.handleCommand(command("web-01")));
    const decided = await runtime.chat.decide({ requestId: request.id, actor: BOB, approve: true });
    assert.ok(decided.ok, JSON.stringify(decided));
    assert.equal(decided.view.status, "approved");
    assert.deepEqual(decided.view.actions, ["cancel"]);
    const job = await runtime.queue.queue.getJob(request.id);
    assert.equal(job?.data.requestId, request.id);
    const stored = await runtime.journal.requests.get(request.id);
    assert.equal(stored?.decision?.by.id, BOB.id);
  });

  it("accepts an approver through a configured group", async (t) => {
    const { runtime } = await startChatStack(t);
    const { request } = created(await runtime.chat.handleCommand(command("web-01")));
    const decided = await runtime.chat.decide({
      requestId: request.id,
      actor: DAVE,
      approve: false,
      reason: "not now",
    });
    assert.ok(decided.ok, JSON.stringify(decided));
    assert.equal(decided.view.status, "rejected");
    assert.deepEqual(decided.view.actions, []);
    const reason = decided.view.facts.find((f) => f.label.key === "fact.rejectionReason");
    assert.equal(reason?.value, "not now");
  });

  it("refuses self-approval and anyone who is not an approver", async (t) => {
    const { runtime } = await startChatStack(t);
    const own = created(await runtime.chat.handleCommand(command("web-01", BOB)));
    const self = await runtime.chat.decide({ requestId: own.request.id, actor: BOB, approve: true });
    assert.deepEqual(self.ok ? undefined : self.text.key, "problem.SELF_APPROVAL");

    const stranger = await runtime.chat.decide({ requestId: own.request.id, actor: ALICE, approve: true });
    assert.deepEqual(stranger.ok ? undefined : stranger.text.key, "problem.NOT_AN_APPROVER");
    // A group the adapter resolved must be one configured; a made-up one is nobody.
    const outsider = { ...ALICE, groups: ["SOTHER001"] };
    const other = await runtime.chat.decide({ requestId: own.request.id, actor: outsider, approve: true });
    assert.deepEqual(other.ok ? undefined : other.text.key, "problem.NOT_AN_APPROVER");

    assert.equal((await runtime.journal.requests.get(own.request.id))?.status, "pending");
    assert.equal(await runtime.queue.queue.getJob(own.request.id), undefined);
  });

  it("allows self-approval when configured", async (t) => {
    const { runtime } = await startChatStack(t, { allowSelfApproval: true });
    const own = created(await runtime.chat.handleCommand(command("web-01", BOB)));
    const self = await runtime.chat.decide({ requestId: own.request.id, actor: BOB, approve: true });
    assert.ok(self.ok, JSON.stringify(self));
  });

  it("records one decision when two approvers click at once", async (t) => {
    const { runtime } = await startChatStack(t);
    const { request } = created(await runtime.chat.handleCommand(command("web-02")));
    const results = await Promise.all([
      runtime.chat.decide({ requestId: request.id, actor: BOB, approve: true }),
      runtime.chat.decide({ requestId: request.id, actor: CAROL, approve: false }),
    ]);
    const winners = results.filter((r) => r.ok);
    assert.equal(winners.length, 1, JSON.stringify(results));
    const loser = results.find((r) => !r.ok);
    assert.equal(loser && !loser.ok ? loser.text.key : undefined, "problem.ALREADY_DECIDED");
    const audit = await runtime.audit.read({ count: 50 });
    const decisions = audit.filter(
      (e) => e.correlationId === request.id && /approved|rejected/.test(e.action),
    );
    assert.equal(decisions.length, 1);
  });

  it("handles a repeated invocation (same idempotency key) once", async (t) => {
    const { runtime } = await startChatStack(t);
    const [first, second] = await Promise.all([
      runtime.chat.handleCommand(command("web-01", ALICE, "trigger-123")),
      runtime.chat.handleCommand(command("web-01", ALICE, "trigger-123")),
    ]);
    assert.deepEqual([first?.kind, second?.kind].sort(), ["ignored", "request-created"]);
    assert.equal((await runtime.journal.requests.listRecent(10)).length, 1);
    const again = await runtime.chat.handleCommand(command("web-01", ALICE, "trigger-124"));
    assert.equal(again.kind, "request-created");
  });

  it("cancels for the requester, refuses others, and answers a second cancel with the state", async (t) => {
    const { runtime } = await startChatStack(t);
    const { request } = created(await runtime.chat.handleCommand(command("web-01")));
    const stranger = await runtime.chat.handleCommand(command(`cancel ${request.id}`, EVE));
    assert.equal(stranger.kind === "message" ? stranger.text.key : "", "problem.NOT_ALLOWED");

    const reply = await runtime.chat.handleCommand(command(`cancel ${request.id}`));
    assert.deepEqual(reply.kind === "message" ? reply.text : undefined, {
      key: "reply.cancelled",
      params: { id: request.id },
    });
    assert.equal((await runtime.journal.requests.get(request.id))?.status, "cancelled");
    const again = await runtime.chat.cancel({ requestId: request.id, actor: ALICE });
    assert.deepEqual(again.ok ? undefined : again.text, {
      key: "problem.ALREADY_FINISHED",
      params: {
        id: request.id,
        vm: "web-01",
        status: "cancelled",
        expiresAt: request.expiresAt,
        min: 1,
        max: 99,
      },
    });
  });

  it("lets an approver cancel an approved request before a worker takes it", async (t) => {
    const { runtime } = await startChatStack(t);
    const { request } = created(await runtime.chat.handleCommand(command("web-01")));
    assert.ok((await runtime.chat.decide({ requestId: request.id, actor: BOB, approve: true })).ok);
    const cancelled = await runtime.chat.cancel({ requestId: request.id, actor: CAROL });
    assert.ok(cancelled.ok, JSON.stringify(cancelled));
    assert.equal(cancelled.view.status, "cancelled");
    assert.equal(await runtime.queue.queue.getJob(request.id), undefined, "the waiting job is removed");
  });

  it("mayDecide answers as decide would, and decides nothing", async (t) => {
    const { runtime } = await startChatStack(t);
    const { request } = created(await runtime.chat.handleCommand(command("web-01", BOB)));
    const may = (actor: typeof ALICE, approve: boolean, requestId = request.id) =>
      runtime.chat.mayDecide({ requestId, actor, approve });
    const key = (reply: Awaited<ReturnType<typeof may>>) => (reply.ok ? "ok" : reply.text.key);
    assert.equal(key(await may(EVE, false)), "problem.NOT_AN_APPROVER");
    assert.equal(key(await may(BOB, true)), "problem.SELF_APPROVAL");
    assert.equal(key(await may(BOB, false)), "ok", "an approver may reject their own request");
    assert.equal(key(await may(CAROL, false)), "ok");
    assert.equal(key(await may(CAROL, true, "no-such-id")), "problem.REQUEST_NOT_FOUND");
    assert.equal((await runtime.journal.requests.get(request.id))?.status, "pending");
    assert.ok((await runtime.chat.decide({ requestId: request.id, actor: CAROL, approve: true })).ok);
    assert.equal(key(await may(CAROL, false)), "problem.ALREADY_DECIDED");
  });

  it("refuses an unknown VM, creating nothing", async (t) => {
    const { runtime } = await startChatStack(t);
    const missing = await runtime.chat.handleCommand(command("nosuch-vm"));
    assert.equal(missing.kind === "message" ? missing.text.key : "", "problem.AZURE_NOT_FOUND");
    assert.equal((await runtime.journal.requests.listRecent(10)).length, 0);
  });

  it("refuses a VM outside the managed list", async (t) => {
    const { runtime } = await startChatStack(t, { managedVms: ["web-01"] });
    const reply = await runtime.chat.handleCommand(command("db-01"));
    assert.deepEqual(reply.kind === "message" ? reply.text.key : "", "problem.VM_NOT_MANAGED");
    assert.equal((await runtime.journal.requests.listRecent(10)).length, 0);
  });
});
