/**
 * What happens after the click, as a Teams user sees it: the delivery pipeline (through the Teams
 * sender, proactively, from stored conversation references) edits the card in place with progress
 * and the result of a real backup on the emulator, posts notices in the notice channel, and waits
 * out the connector's 429 Retry-After without losing the edit.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { VERBS } from "../../../src/bot/teams/cards.ts";
import type { SystemEvent } from "../../../src/commands/ports/events.ts";
import {
  ALICE,
  BOB,
  CAROL,
  inChannel,
  installedActivity,
  NOTICE_CHANNEL,
  OPS_CHANNEL,
  personalChat,
} from "../../helpers/teams-client.ts";
import { cardOf, cardText, verbsOf } from "../../helpers/teams-connector.ts";
import { startTeamsKura, type TeamsKura } from "../../helpers/teams-kura.ts";

/** The request card the pipeline posted in the ops channel (the nth, 0-based). */
function card(kura: TeamsKura, index = 0) {
  return kura.connector.waitFor(
    `card #${index}`,
    () => kura.connector.messagesIn(OPS_CHANNEL).filter((m) => /Backup of/.test(cardText(m.activity)))[index],
  );
}

test("approve → a backup on the emulator → the same card edited in place with progress and the result; milestones in its thread", async (t) => {
  const kura = await startTeamsKura(t);
  await kura.command(ALICE, "backup web-01 --retain 7d");
  const message = await card(kura);
  assert.deepEqual(verbsOf(cardOf(message.activity)), [VERBS.approve, VERBS.reject]);
  const requestId = (await kura.stack.runtime.journal.requests.listRecent(1))[0]?.id ?? "";
  const stored = async () =>
    (await kura.stack.runtime.journal.requests.get(requestId))?.conversation.messageRef;
  await kura.connector.waitFor(
    "the card's id recorded",
    async () => (await stored()) === message.id || undefined,
  );

  assert.equal((await kura.click(BOB, VERBS.approve, message)).status, 200);
  await kura.connector.waitFor(
    "the card to show the result",
    () => /Backup of web-01: done/.test(cardText(message.activity)),
    60_000,
  );
  const done = cardText(message.activity);
  assert.match(done, /Recovery point expires/);
  assert.match(done, /\d+ of 18 used \(\d+ left\)/);
  assert.deepEqual(verbsOf(cardOf(message.activity)), [], "no buttons once done");
  assert.ok(
    message.history.some((a) =>
      /Backup job|Resuming protection|Stopping protection|running/.test(cardText(a)),
    ),
    "the card showed progress on the way",
  );
  assert.ok(
    kura.connector.calls.every((c) => c.kind !== "update" || c.activityId === message.id),
    "only this card is edited",
  );
  // Milestones go into the card's thread: a channel post's thread is `<channel>;messageid=<post>`.
  const thread = kura.connector
    .messagesIn(`${OPS_CHANNEL};messageid=${message.id}`)
    .map((m) => cardText(m.activity));
  assert.ok(
    thread.some((line) => /Approved by Bob/.test(line)),
    thread.join(" | "),
  );
  assert.ok(
    thread.some((line) => /Backup done/.test(line)),
    thread.join(" | "),
  );
  const posts = kura.connector.calls.filter((c) => c.kind === "post" && c.conversationId === OPS_CHANNEL);
  assert.equal(posts.length, 1, "one card");
});

test("two approvers clicking Approve at once make one decision and one backup job", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  await kura.command(ALICE, "backup web-02");
  const message = await card(kura);
  const [bob, carol] = await Promise.all([
    kura.click(BOB, VERBS.approve, message),
    kura.click(CAROL, VERBS.approve, message),
  ]);
  const answers = [cardText(bob.json().value), cardText(carol.json().value)];
  assert.equal(answers.filter((a) => /already approved/i.test(a)).length, 1, answers.join("\n---\n"));
  const requestId = (await kura.stack.runtime.journal.requests.listRecent(1))[0]?.id ?? "";
  const jobs = await kura.stack.runtime.queue.queue.getJobs(["waiting", "active", "delayed", "completed"]);
  assert.equal(jobs.filter((job) => JSON.stringify(job.data).includes(requestId)).length, 1);
});

test("a GC window notice is posted proactively in the notice channel kura was installed in", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  // kura learns the notice channel when it is added to the team (conversationUpdate).
  await kura.send(installedActivity(kura.connector.serviceUrl, ALICE, inChannel(NOTICE_CHANNEL), "ja-JP"));
  const at = "2026-11-26T03:00:00.000Z";
  const event: SystemEvent = {
    id: `gc-reminder-${at}`,
    at,
    type: "gc-window-reminder",
    opensAt: "2026-11-28T15:00:00.000Z",
    closesAt: "2026-11-29T21:00:00.000Z",
    managedVms: 3,
  } as SystemEvent;
  await kura.stack.runtime.events.emit(event);
  const notice = await kura.connector.waitFor(
    "the notice",
    () => kura.connector.messagesIn(NOTICE_CHANNEL)[0],
  );
  const call = kura.connector.calls.find((c) => c.conversationId === NOTICE_CHANNEL);
  assert.equal(call?.kind, "post", "a proactive post, not a reply to any turn");
  assert.match(cardText(notice.activity), /GC/);
  assert.match(cardText(notice.activity), /[\u3040-\u30ff]/, "in the channel's language (ja-JP)");
});

test("the connector answering 429 to the card's edit: the edit lands after Retry-After, nothing lost", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  await kura.command(ALICE, "backup web-01");
  const message = await card(kura);
  kura.connector.throttle(1, 1, "update");
  await kura.click(BOB, VERBS.approve, message);
  const throttled = await kura.connector.waitFor("the 429", () =>
    kura.connector.calls.find((c) => c.kind === "update" && c.status === 429),
  );
  await kura.connector.waitFor(
    "the edit after Retry-After",
    () => /approved/.test(cardText(message.activity)),
    20_000,
  );
  const updates = kura.connector.calls.filter((c) => c.kind === "update");
  assert.equal(updates.filter((c) => c.status === 429).length, 1, "the connector's own retries are off");
  assert.ok(
    kura.connector.calls.indexOf(throttled) < kura.connector.calls.indexOf(updates.at(-1) ?? throttled),
  );
  assert.deepEqual(verbsOf(cardOf(message.activity)), [VERBS.cancel]);
});

test("a channel kura was removed from (403): the card is undeliverable once, the request ends, the requester is told in their personal chat", async (t) => {
  const kura = await startTeamsKura(t, { startWorker: false });
  // Alice has a personal chat with kura, so a private notice has somewhere to go.
  await kura.command(ALICE, "help", personalChat(ALICE));
  await kura.connector.waitFor("the help answer", () => kura.connector.calls.length > 0);
  kura.connector.remove(OPS_CHANNEL);
  await kura.command(ALICE, "backup web-01");
  const told = await kura.connector.waitFor("the private notice", () =>
    kura.connector.calls.find(
      (c) => c.conversationId === personalChat(ALICE).conversationId && c.kind === "post",
    ),
  );
  assert.match(cardText(told.activity), /web-01/);
  assert.match(cardText(told.activity), /Add kura to this team/);
  const [request] = await kura.stack.runtime.journal.requests.listByVm("web-01", 1);
  await kura.connector.waitFor("the request ended", async () => {
    const now = await kura.stack.runtime.journal.requests.get(request?.id ?? "");
    return now?.status === "cancelled" || undefined;
  });
  const refused = kura.connector.calls.filter((c) => c.status === 403);
  assert.equal(refused.length, 1, "tried once, not retried");
});
