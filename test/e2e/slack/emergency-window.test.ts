/**
 * `/backup gc open` as a Slack user sees it: a card with Approve/Reject under the backup approver
 * rules, approval turning protection on in the emulator, and the card following the window through
 * the notification queue until it closes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Queue } from "bullmq";
import { protectionOf } from "../../helpers/lifecycle.ts";
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

test("/backup gc open: a card with Approve/Reject; approval resumes protection in Azure; the card follows the window to its close", async (t) => {
  const kura = await startSlackKura(t);
  const { runtime } = kura.stack;
  assert.equal(await protectionOf(kura.stack.runtime, "db-01"), "ProtectionStopped");
  await kura.command(BOB, "gc open db-01 24h");

  const card = await kura.card();
  assert.equal(card.channel, CHANNEL);
  const pending = textOf(card);
  assert.match(pending, /Emergency GC window for db-01: waiting for approval/);
  assert.match(pending, /Window\*\n24 h/);
  assert.match(pending, /Requested by\*\nu0bob/);
  assert.deepEqual(buttonsOf(card), ["kura_approve", "kura_reject"]);
  const requestId = kura.requestIdOf(card);
  assert.equal((await runtime.gc.emergencyStore.get(requestId))?.status, "pending");

  // The same rules as a backup: not your own request, and only approvers.
  await kura.click(BOB, "approve", card);
  await kura.click(MALLORY, "approve", card);
  const refusals = await kura.slack.waitFor("two refusals", () => {
    const sent = kura.slack.callsOf("chat.postEphemeral");
    return sent.length >= 2 && sent;
  });
  assert.match(String(refusals.find((c) => c.args.user === BOB)?.args.text), /can't approve your own/);
  assert.match(String(refusals.find((c) => c.args.user === MALLORY)?.args.text), /not an approver/);
  assert.equal((await runtime.gc.emergencyStore.get(requestId))?.status, "pending");

  await kura.click(CAROL, "approve", card); // an approver through the user group
  await kura.slack.waitFor(
    "the approved card",
    () => /Emergency GC window for db-01: approved/.test(textOf(card)) && buttonsOf(card).length === 0,
  );
  assert.match(textOf(card), /Closes at\*\n\d{4}-\d\d-\d\d \d\d:\d\d JST/);
  await kura.slack.waitFor(
    "protection on in Azure",
    async () => (await protectionOf(kura.stack.runtime, "db-01")) === "Protected",
  );
  await kura.slack.waitFor("the opened line in the thread", () =>
    kura.slack.replies(card.ts).some((m) => /Protection resumed/.test(m.text)),
  );
  assert.ok(kura.slack.replies(card.ts).some((m) => /Approved by/.test(m.text)));

  // The window's end, run now instead of in 24 h.
  const maintenance = new Queue(runtime.config.queues.maintenance, {
    connection: runtime.redis,
    prefix: `${kura.stack.prefix}:bull`,
  });
  t.after(() => maintenance.close());
  const close = await maintenance.getJob(`emergency-close-${requestId}`);
  assert.ok(close, "the close is scheduled");
  await close.promote();
  await kura.slack.waitFor(
    "the closed card",
    () => /Emergency GC window for db-01: closed/.test(textOf(card)),
    60_000,
  );
  assert.equal(await protectionOf(kura.stack.runtime, "db-01"), "ProtectionStopped");
  assert.equal(kura.slack.cards(CHANNEL).length, 1, "one card, edited all along");
});

test("Reject on an emergency window card: the reason modal, then a rejected card without buttons", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(ALICE, "gc open db-01");
  const card = await kura.card();
  assert.match(textOf(card), /48 h/);
  const requestId = kura.requestIdOf(card);
  await kura.click(BOB, "reject", card);
  await kura.slack.waitFor("views.open", () => kura.slack.callsOf("views.open")[0]);
  await kura.submitReject(BOB, requestId, "GC runs on Saturday anyway");
  await kura.slack.waitFor(
    "the rejected card",
    () => /Emergency GC window for db-01: rejected/.test(textOf(card)) && buttonsOf(card).length === 0,
  );
  assert.match(textOf(card), /GC runs on Saturday anyway/);
  assert.equal((await kura.stack.runtime.gc.emergencyStore.get(requestId))?.status, "rejected");
});
