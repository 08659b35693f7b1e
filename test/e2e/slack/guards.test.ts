/**
 * What must never happen through Slack: a forged or replayed request acting, a retry creating a
 * second request, someone approving their own request or without the right, two approvals making
 * two jobs, a card keeping its buttons after the request expired.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { expireOverdue } from "../../../src/commands/requests/decide-request.ts";
import { nextTriggerId, postSigned, slashCommandBody } from "../../helpers/slack-client.ts";
import {
  ALICE,
  BOB,
  buttonsOf,
  CAROL,
  CHANNEL,
  MALLORY,
  startSlackKura,
  textOf,
} from "../../helpers/slack-kura.ts";

test("a forged signature or a stale timestamp gets 401 and stores nothing", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const body = slashCommandBody({
    text: "web-01",
    user: ALICE,
    channel: CHANNEL,
    responseUrl: kura.slack.responseUrl("x"),
  });
  const forged = await postSigned(`${kura.url}/slack/events`, body, { secret: "f".repeat(32) });
  assert.equal(forged.status, 401);
  const stale = await kura.command(ALICE, "web-01", { timestamp: Math.floor(Date.now() / 1000) - 301 });
  assert.equal(stale.status, 401);
  assert.deepEqual(await kura.stack.runtime.journal.requests.listRecent(10), []);
  assert.deepEqual(
    kura.slack.calls.filter((c) => c.method !== "auth.test"),
    [],
    "kura said nothing to Slack (beyond checking its token at start-up)",
  );
});

test("a correctly signed request timestamped from the future (beyond five minutes) gets 401 and stores nothing", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  // Each timestamp from the clock at its own send: on a loaded machine one command can take seconds.
  const ahead = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
  assert.equal((await kura.command(ALICE, "web-01", { timestamp: ahead(3600) })).status, 401);
  assert.equal((await kura.command(ALICE, "web-01", { timestamp: ahead(310) })).status, 401);
  assert.deepEqual(await kura.stack.runtime.journal.requests.listRecent(10), []);
  // Within five minutes ahead (a clock a little fast) is accepted, as within five minutes behind is.
  assert.equal((await kura.command(ALICE, "web-01", { timestamp: ahead(240) })).status, 200);
  await kura.card();
});

test("a Slack retry of a command whose first delivery never arrived is handled: the request is made", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  assert.equal(
    (await kura.command(ALICE, "web-01", { triggerId: nextTriggerId(), retryNum: 1 })).status,
    200,
  );
  await kura.card();
  assert.equal((await kura.stack.runtime.journal.requests.listRecent(10)).length, 1);
});

test("a Slack retry (X-Slack-Retry-Num: 1) of a command creates no second request", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const triggerId = nextTriggerId();
  assert.equal((await kura.command(ALICE, "web-01", { triggerId })).status, 200);
  assert.equal((await kura.command(ALICE, "web-01", { triggerId, retryNum: 1 })).status, 200);
  await kura.card();
  // A later command from the same person is answered, so the retry's turn is long over.
  await kura.command(ALICE, "help");
  await kura.slack.waitFor("the help answer", () => kura.slack.callsOf("respond")[0]);
  assert.equal((await kura.stack.runtime.journal.requests.listRecent(10)).length, 1);
  assert.equal(kura.slack.cards(CHANNEL).length, 1);
});

test("self-approval, and approval or rejection by a non-approver, are refused with an explanation to the clicker only", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(BOB, "web-01");
  const card = await kura.card();
  await kura.click(BOB, "approve", card);
  await kura.click(MALLORY, "approve", card);
  await kura.click(MALLORY, "reject", card);
  const explained = await kura.slack.waitFor("three explanations", () => {
    const calls = kura.slack.callsOf("chat.postEphemeral");
    return calls.length >= 3 && calls;
  });
  const to = (user: string) => explained.filter((c) => c.args.user === user).map((c) => String(c.args.text));
  assert.equal(to(BOB).length, 1);
  assert.match(to(BOB)[0] ?? "", /can't approve your own request/);
  assert.equal(to(MALLORY).length, 2, "Approve and Reject both explained");
  for (const text of to(MALLORY)) assert.match(text, /not an approver/);
  assert.deepEqual(kura.slack.callsOf("views.open"), [], "no reason modal for someone who may not reject");
  const request = await kura.stack.runtime.journal.requests.get(kura.requestIdOf(card));
  assert.equal(request?.status, "pending", "nothing changed");
  assert.deepEqual(buttonsOf(card), ["kura_approve", "kura_reject"]);
});

test("two approvers clicking Approve at once make one decision and one job", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(ALICE, "web-02");
  const card = await kura.card();
  await Promise.all([kura.click(BOB, "approve", card), kura.click(CAROL, "approve", card)]);
  const requestId = kura.requestIdOf(card);
  await kura.slack.waitFor("the loser told", () => kura.slack.callsOf("chat.postEphemeral")[0]);
  const ephemeral = kura.slack.callsOf("chat.postEphemeral");
  assert.equal(ephemeral.length, 1);
  assert.match(String(ephemeral[0]?.args.text), /already approved/);
  const jobsOfRequest = async () =>
    (await kura.stack.runtime.queue.queue.getJobs(["waiting", "active", "delayed", "completed"])).filter(
      (job) => JSON.stringify(job.data).includes(requestId),
    ).length;
  // The winner adds its job after its decision is stored, so the loser may be told first.
  for (const until = Date.now() + 10_000; (await jobsOfRequest()) === 0 && Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(await jobsOfRequest(), 1);
});

test("an expired request's card says so and loses its buttons", async (t) => {
  const kura = await startSlackKura(t, { env: { KURA_REQUEST_TTL_MINUTES: "1" }, startWorker: false });
  await kura.command(ALICE, "web-01");
  const card = await kura.card();
  const later = { now: () => new Date(kura.stack.runtime.clock.now().getTime() + 61_000) };
  assert.equal(await expireOverdue({ journal: kura.stack.runtime.journal, clock: later }), 1);
  await kura.slack.waitFor(
    "the expired card",
    () => /expired/.test(textOf(card)) && buttonsOf(card).length === 0,
  );
  await kura.slack.waitFor("the thread reply", () =>
    kura.slack.replies(card.ts).some((m) => /Expired/.test(m.text)),
  );
});
