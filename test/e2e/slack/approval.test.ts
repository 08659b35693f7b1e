/**
 * The happy paths as a Slack user sees them: signed requests into kura's Bolt receiver, kura's
 * posts and edits read back from the Web API stand-in, the backup run on the Azure emulator.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, BOB, buttonsOf, CAROL, CHANNEL, startSlackKura, textOf } from "../../helpers/slack-kura.ts";

test("/backup posts an approval card with buttons and preflight facts; approve runs the backup and the card shows progress and the result", async (t) => {
  const kura = await startSlackKura(t);
  const ack = await kura.command(ALICE, 'web-01 --retain 7d --reason "before patch"');
  assert.equal(ack.status, 200);

  const card = await kura.card();
  assert.equal(card.channel, CHANNEL);
  assert.deepEqual(buttonsOf(card), ["kura_approve", "kura_reject"]);
  const posted = textOf(card);
  assert.match(posted, /Backup of web-01: waiting for approval/);
  assert.match(posted, /7 days/);
  assert.match(posted, /before patch/);
  assert.match(posted, /Restore points/);
  assert.match(posted, /Preflight: \d+ of 18 restore points used/);
  const requestId = kura.requestIdOf(card);
  // kura records where the card is, so every later event edits this message.
  const stored = async () =>
    (await kura.stack.runtime.journal.requests.get(requestId))?.conversation.messageRef;
  for (let i = 0; i < 100 && (await stored()) !== card.ts; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await stored(), card.ts);

  assert.equal((await kura.click(CAROL, "approve", card)).status, 200);
  await kura.slack.waitFor(
    "the card to show the result",
    () => /Backup of web-01: done/.test(textOf(card)),
    60_000,
  );
  const done = textOf(card);
  assert.match(done, /Recovery point\*\n\d{4}-\d\d-\d\d \d\d:\d\d JST/);
  assert.match(done, /Recovery point expires/);
  assert.match(done, /\d+ of 18 used \(\d+ left\)/, "headroom under the restore point limit");
  assert.deepEqual(buttonsOf(card), [], "no buttons once done");
  assert.ok(
    card.history.some((blocks) =>
      /Backup job|Resuming protection|Stopping protection/.test(textOf({ ...card, blocks })),
    ),
    "the card showed progress on the way",
  );
  const thread = kura.slack.replies(card.ts).map((m) => m.text);
  assert.ok(thread.some((line) => /Approved by/.test(line)));
  assert.ok(thread.some((line) => /Backup done: recovery point/.test(line)));
  assert.equal(kura.slack.callsOf("chat.postMessage").filter((c) => !c.args.thread_ts).length, 1, "one card");
});

test("Reject asks for a reason in a modal; the card says rejected with the reason and loses its buttons", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(ALICE, "web-02");
  const card = await kura.card();
  assert.equal((await kura.click(BOB, "reject", card)).status, 200);

  const opened = await kura.slack.waitFor("views.open", () => kura.slack.callsOf("views.open")[0]);
  const view = opened.args.view as {
    callback_id: string;
    private_metadata: string;
    blocks: { block_id: string }[];
  };
  assert.equal(view.callback_id, "kura_reject_reason");
  assert.equal(JSON.parse(view.private_metadata).requestId, kura.requestIdOf(card));
  assert.equal(view.blocks[0]?.block_id, "reason");

  assert.equal((await kura.submitReject(BOB, kura.requestIdOf(card), "patch window moved")).status, 200);
  await kura.slack.waitFor(
    "the rejected card",
    () => /rejected/.test(textOf(card)) && buttonsOf(card).length === 0,
  );
  assert.match(textOf(card), /patch window moved/);
  await kura.slack.waitFor("the thread reply", () =>
    kura.slack.replies(card.ts).some((m) => /Rejected by .*: patch window moved/.test(m.text)),
  );
});

test("a Japanese workspace (KURA_LOCALE=ja) gets Japanese cards; a ja-JP user gets Japanese answers", async (t) => {
  const kura = await startSlackKura(t, { env: { KURA_LOCALE: "ja" }, startWorker: false });
  kura.slack.users.set(ALICE, { id: ALICE, name: "alice", locale: "ja-JP" });
  await kura.command(ALICE, "web-01");
  const card = await kura.card();
  assert.match(textOf(card), /web-01/);
  assert.match(textOf(card), /承認/);
  const approve = card.blocks.find((b) => b.type === "actions")?.elements[0];
  assert.equal(approve?.text.text, "承認");

  await kura.command(ALICE, "help");
  const answer = await kura.slack.waitFor("the ephemeral answer", () => kura.slack.callsOf("respond")[0]);
  assert.equal(answer.args.response_type, "ephemeral");
  assert.match(String(answer.args.text), /[\u3040-\u30ff]/, "Japanese text");
});

test("the requester's Cancel on an approved request ends it; the card says cancelled and has no buttons", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(ALICE, "web-02");
  const card = await kura.card();
  const requestId = kura.requestIdOf(card);
  await kura.click(BOB, "approve", card);
  await kura.slack.waitFor("the Cancel button", () => buttonsOf(card).join() === "kura_cancel");
  assert.equal((await kura.click(ALICE, "cancel", card)).status, 200);
  await kura.slack.waitFor(
    "the cancelled card",
    () => /cancelled/.test(textOf(card)) && buttonsOf(card).length === 0,
  );
  assert.equal((await kura.stack.runtime.journal.requests.get(requestId))?.status, "cancelled");
});
