/**
 * How kura's messages reach Slack under pressure: a 429 on an edit waits out Retry-After and the
 * edit still lands; a burst of system events becomes one summary message per channel, edited; the
 * health routes answer on the bot's port.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SystemEvent } from "../../../src/commands/ports/events.ts";
import { ALICE, BOB, buttonsOf, OPS_CHANNEL, startSlackKura, textOf } from "../../helpers/slack-kura.ts";

test("Slack answering 429 to chat.update: the edit is delivered after Retry-After, nothing lost", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(ALICE, "web-01");
  const card = await kura.card();
  kura.slack.throttle("chat.update", 2);
  await kura.click(BOB, "approve", card);

  const throttled = await kura.slack.waitFor("the 429", () =>
    kura.slack.calls.find((c) => c.method === "chat.update" && c.status === 429),
  );
  await kura.slack.waitFor(
    "the edit after Retry-After",
    () => buttonsOf(card).join() === "kura_cancel",
    20_000,
  );
  assert.match(textOf(card), /approved/);
  const updates = kura.slack.callsOf("chat.update");
  assert.equal(updates.filter((c) => c.status === 429).length, 1);
  assert.equal(updates.filter((c) => c.status === 200).length, 1, "one edit, after the wait");
  assert.ok(kura.slack.calls.indexOf(throttled) < kura.slack.calls.indexOf(updates.at(-1) ?? throttled));
  // The thread reply (a different method) was not held back by the edit's 429.
  assert.ok(kura.slack.replies(card.ts).some((m) => /Approved by/.test(m.text)));
});

test("a burst of 150 drift repairs is one summary message in the notification channel, edited to the total", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const at = new Date().toISOString();
  const events: SystemEvent[] = Array.from({ length: 150 }, (_, i) => ({
    id: `drift:${at}:vm-${i}`,
    at,
    type: "drift-repaired",
    vmName: `vm-${String(i).padStart(3, "0")}`,
    from: "Protected",
    to: "ProtectionStopped",
    reasons: ["no GC window open"],
  }));
  await Promise.all(events.map((event) => kura.stack.runtime.events.emit(event)));

  const summary = await kura.slack.waitFor(
    "the summary to count all 150",
    () => {
      const posted = kura.slack.cards(OPS_CHANNEL);
      const first = posted[0];
      return first && /150 VMs/.test(textOf(first)) && first;
    },
    30_000,
  );
  assert.equal(kura.slack.cards(OPS_CHANNEL).length, 1, "one message, not 150");
  const edits = kura.slack.callsOf("chat.update").length;
  assert.ok(edits < 30, `coalesced edits (${edits})`);
  assert.match(textOf(summary), /vm-149: protected → protection stopped \(data retained\)/);
  assert.match(textOf(summary), /and 140 more/);
});

test("/healthz answers while the process is up, /readyz while Redis and Slack are ready", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const health = await fetch(`${kura.url}/healthz`);
  assert.equal(health.status, 200);
  const ready = await fetch(`${kura.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: "ready", checks: { redis: true, chat: true } });
  assert.equal((await fetch(`${kura.url}/nope`)).status, 404);
});
