/**
 * A card Slack will not take (`channel_not_found`: a private channel kura is not in) is said at once:
 * the requester hears it privately with the remedy (a direct message, since kura cannot post an
 * ephemeral there either), and the request ends cancelled with reason `undeliverable`, audited.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, CHANNEL, startSlackKura, textOf } from "../../helpers/slack-kura.ts";

test("channel_not_found on the card: the requester is told privately with the remedy; the request is cancelled undeliverable and audited", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  kura.slack.refuse(CHANNEL, "channel_not_found");
  await kura.command(ALICE, "web-01");

  const dm = await kura.slack.waitFor("the private notice", () =>
    kura.slack.messages.find((m) => m.channel === ALICE),
  );
  const text = textOf(dm);
  assert.match(text, /could not post the approval card for web-01/);
  assert.match(text, /What to do: .*invite @kura/);
  assert.ok(
    kura.slack.calls.some((c) => c.method === "chat.postEphemeral" && c.args.channel === CHANNEL),
    "an ephemeral in the channel was tried first",
  );

  const [request] = await kura.stack.runtime.journal.requests.listRecent(1);
  assert.equal(request?.status, "cancelled");
  assert.equal(request?.cancelRequested?.reason, "undeliverable");
  const audit = await kura.stack.runtime.audit.read({ count: 20 });
  const entry = audit.find((e) => e.correlationId === request?.id && e.action === "request.cancelled");
  assert.equal(entry?.actor, "kura");
  assert.deepEqual(
    { reason: entry?.detail?.reason, platform: entry?.detail?.platform, code: entry?.detail?.platformCode },
    { reason: "undeliverable", platform: "slack", code: "channel_not_found" },
  );
  // The cancel's own event finds nowhere to go and says nothing more.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(kura.slack.messages.filter((m) => m.channel === ALICE).length, 1, "told once");
  assert.equal(await kura.stack.runtime.queue.queue.getWaitingCount(), 0, "no backup job queued");
});
