/**
 * A burst of Slack requests: each is acked at once, even while the work the earlier ones asked for
 * is stuck on a slow Slack, and every one is answered once Slack answers again. The work runs a few
 * requests at a time (src/bot/slack/after-ack.ts), so a burst never becomes a burst of Web API calls.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { WORK_CONCURRENCY } from "../../../src/bot/slack/after-ack.ts";
import { startSlackKura } from "../../helpers/slack-kura.ts";

test("30 commands at once are all acked while Slack's user lookups hang, a few looked up at a time, and all answered after", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const lookups = kura.slack.hold("users.info");
  const users = Array.from({ length: 30 }, (_, i) => `U0BURST${String(i).padStart(2, "0")}`);

  const acks = await Promise.all(users.map((user) => kura.command(user, "help")));
  assert.deepEqual(
    acks.map((ack) => ack.status),
    users.map(() => 200),
    "every command acked although no lookup has been answered",
  );
  await kura.slack.waitFor("the first lookups", () => lookups.waiting === WORK_CONCURRENCY);
  assert.equal(kura.slack.callsOf("respond").length, 0, "nothing answered while Slack hangs");

  lookups.release();
  const answers = await kura.slack.waitFor("every command answered", () => {
    const responds = kura.slack.callsOf("respond");
    return responds.length === users.length && responds;
  });
  assert.equal(lookups.most, WORK_CONCURRENCY, "at most this many requests worked on at once");
  assert.equal(new Set(kura.slack.callsOf("users.info").map((c) => c.args.user)).size, users.length);
  assert.ok(
    answers.every((call) => JSON.stringify(call.args).includes("/backup")),
    "each got the help text",
  );
});
