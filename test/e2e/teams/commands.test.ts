/**
 * Teams as a user sees it, in local mode: activities POSTed to kura's `/api/messages` as the Bot
 * Framework Service sends them, kura's answers, posts and edits read back from the connector
 * stand-in at the activity's `serviceUrl`, and the request decided by the real core on real Redis.
 */
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { test } from "node:test";
import { VERBS } from "../../../src/bot/teams/cards.ts";
import {
  ALICE,
  BOB,
  inChannel,
  installationActivity,
  MALLORY,
  messageActivity,
  OPS_CHANNEL,
  personalChat,
  postActivity,
} from "../../helpers/teams-client.ts";
import { cardOf, cardText, verbsOf } from "../../helpers/teams-connector.ts";
import { startTeamsKura, type TeamsKura } from "../../helpers/teams-kura.ts";

/** The newest request for a VM (the card's request id comes from the core). */
async function requestFor(kura: TeamsKura, vm: string) {
  for (let i = 0; i < 100; i++) {
    const [request] = await kura.stack.runtime.journal.requests.listByVm(vm, 1);
    if (request) return request;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no request for ${vm}`);
}

/** The request's card, posted by the delivery pipeline in the channel the request was made in. */
async function cardFor(kura: TeamsKura, requestId: string) {
  return kura.connector.waitFor(`the card of ${requestId}`, () =>
    kura.connector
      .messagesIn(OPS_CHANNEL)
      .find((m) => verbsOf(cardOf(m.activity)).length > 0 && JSON.stringify(m.activity).includes(requestId)),
  );
}

test("an @mention in a channel runs the command with the mention stripped; the answer is a card in the thread", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  const answer = await kura.command(ALICE, "backup list");
  assert.equal(answer.status, 200);
  const reply = await kura.connector.waitFor("the answer", () =>
    kura.connector.calls.find((c) => c.kind === "reply"),
  );
  assert.ok(
    reply.conversationId.startsWith(`${OPS_CHANNEL};messageid=`),
    "answered in the thread of the mention",
  );
  assert.match(cardText(reply.activity), /web-01/);
  assert.equal(reply.authorization, undefined, "local mode sends no token");

  // A personal chat needs no mention, and a bare subcommand (the manifest's command list) works too.
  await kura.command(ALICE, "gc", personalChat(ALICE));
  const gc = await kura.connector.waitFor("the gc answer", () =>
    kura.connector.calls.find((c) => c.conversationId === personalChat(ALICE).conversationId),
  );
  assert.match(cardText(gc.activity), /GC window/i);
});

test("bad input gets the same clear answer as in Slack, in the user's language", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  await kura.command(ALICE, "backup web-01 --retain 500d");
  const en = await kura.connector.waitFor("the answer", () =>
    kura.connector.calls.find((c) => c.kind === "reply"),
  );
  assert.match(cardText(en.activity), /retain|retention|days/i);
  await kura.command(ALICE, "backup statsu", inChannel(), "ja-JP");
  const ja = await kura.connector.waitFor(
    "the Japanese answer",
    () => kura.connector.calls.filter((c) => c.kind === "reply")[1],
  );
  assert.match(cardText(ja.activity), /status/);
  assert.match(cardText(ja.activity), /[\u3040-\u30ff\u4e00-\u9faf]/, "Japanese words");
});

test("a request's card offers Approve / Reject (with a reason) ; a non-approver (the requester, a stranger) gets a card saying why; an approver's click answers with the refreshed card", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  assert.equal((await kura.command(ALICE, 'backup web-01 --retain 7d --reason "before patch"')).status, 200);
  const request = await requestFor(kura, "web-01");
  assert.equal(request.requester.platform, "teams");
  assert.equal(request.requester.id, ALICE.aadObjectId);
  assert.equal(request.conversation.channelId, OPS_CHANNEL);

  const message = await cardFor(kura, request.id);
  const card = cardOf(message.activity);
  assert.equal(card?.version, "1.5");
  assert.deepEqual(verbsOf(card), [VERBS.approve, VERBS.reject]);
  assert.match(cardText(message.activity), /Backup of web-01: waiting for approval/);
  assert.match(cardText(message.activity), /before patch/);

  const own = await kura.click(ALICE, VERBS.approve, message);
  assert.equal(own.status, 200);
  assert.equal(own.json().type, "application/vnd.microsoft.card.adaptive");
  assert.match(cardText(own.json().value), /You are not an approver for this request/);
  assert.match(cardText(own.json().value), /waiting for approval/, "the card itself is unchanged");
  assert.deepEqual(verbsOf(own.json().value), [VERBS.approve, VERBS.reject], "still decidable by others");

  const stranger = await kura.click(MALLORY, VERBS.approve, message);
  assert.match(cardText(stranger.json().value), /You are not an approver for this request/);
  assert.equal((await kura.stack.runtime.journal.requests.get(request.id))?.status, "pending");

  const approved = await kura.click(BOB, VERBS.approve, message);
  assert.equal(approved.status, 200);
  const refreshed = approved.json().value;
  assert.match(cardText(refreshed), /Backup of web-01: approved/);
  assert.deepEqual(verbsOf(refreshed), [VERBS.cancel], "only Cancel while it waits for a worker");
  const stored = await kura.stack.runtime.journal.requests.get(request.id);
  assert.equal(stored?.status, "approved");
  assert.equal(stored?.decision?.by.id, BOB.aadObjectId);
});

test("Reject with a reason: the refreshed card says rejected and why", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  await kura.command(ALICE, "backup web-02");
  const request = await requestFor(kura, "web-02");
  const message = await cardFor(kura, request.id);
  const answer = await kura.click(BOB, VERBS.reject, message, { reason: "change freeze" });
  assert.equal(answer.status, 200);
  assert.match(cardText(answer.json().value), /rejected/i);
  assert.match(cardText(answer.json().value), /change freeze/);
  assert.deepEqual(verbsOf(answer.json().value), []);
  const stored = await kura.stack.runtime.journal.requests.get(request.id);
  assert.equal(stored?.status, "rejected");
  assert.equal(stored?.decision?.reason, "change freeze");
});

test("local mode answers only loopback callers; an installation is remembered for proactive posts", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  const where = inChannel("19:fresh@thread.tacv2");
  await assert.rejects(
    kura.teams.sender.post(
      "19:fresh@thread.tacv2",
      { kind: "line", text: { key: "summary.more", params: { count: 1 } } },
      "en",
    ),
    (error: Error & { problem?: string }) => error.problem === "undeliverable",
  );
  assert.equal(
    (await kura.send(installationActivity(kura.connector.serviceUrl, ALICE, where, "add"))).status,
    200,
  );
  const ref = await kura.teams.sender.post(
    "19:fresh@thread.tacv2",
    { kind: "line", text: { key: "summary.more", params: { count: 1 } } },
    "en",
  );
  assert.equal(kura.connector.messages.get(ref.messageId)?.conversationId, "19:fresh@thread.tacv2");

  // A message from the network (not loopback) is refused in local mode, and nothing is remembered.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
  if (!external) return t.skip("no non-loopback interface on this machine");
  const elsewhere = inChannel("19:elsewhere@thread.tacv2");
  const port = new URL(kura.url).port;
  const refused = await postActivity(
    `http://${external}:${port}`,
    messageActivity(kura.connector.serviceUrl, ALICE, "backup list", elsewhere),
  );
  assert.equal(refused.status, 403);
  await assert.rejects(
    kura.teams.sender.post(
      "19:elsewhere@thread.tacv2",
      { kind: "line", text: { key: "summary.more" } },
      "en",
    ),
    (error: Error & { problem?: string }) => error.problem === "undeliverable",
  );
});

test("an approver may not approve their own request: the card says so", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  await kura.command(BOB, "backup web-01");
  const request = await requestFor(kura, "web-01");
  const message = await cardFor(kura, request.id);
  const own = await kura.click(BOB, VERBS.approve, message, {}, "ja-JP");
  assert.equal(own.status, 200);
  assert.match(cardText(own.json().value), /[\u3040-\u30ff]/, "in the clicker's language");
  const en = await kura.click(BOB, VERBS.approve, message);
  assert.match(cardText(en.json().value), /You can't approve your own request/);
  assert.equal((await kura.stack.runtime.journal.requests.get(request.id))?.status, "pending");
});
