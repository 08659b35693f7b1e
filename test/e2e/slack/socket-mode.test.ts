/**
 * Socket Mode (`SLACK_MODE=socket`): kura asks `apps.connections.open` (with its app token, at the
 * configured Web API) for a WebSocket URL, connects out, and handles the envelopes Slack pushes:
 * each is acked over the socket, a command creates a request whose card is posted through the Web
 * API, Approve queues the job. The health routes still answer on kura's HTTP port.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, BOB, buttonsOf, CHANNEL, startSlackKura, textOf } from "../../helpers/slack-kura.ts";

test("Socket Mode: /backup and Approve arrive as envelopes, are acked on the socket, post the card and queue the job", async (t) => {
  const kura = await startSlackKura(t, { socket: true, startWorker: false });
  const socket = kura.socket;
  assert.ok(socket);
  const open = kura.slack.callsOf("apps.connections.open");
  assert.equal(open.length, 1, "kura asked the configured Web API for the socket URL");
  assert.equal(socket.connections, 1);

  const commandAck = await kura.command(ALICE, "web-01 --retain 7d");
  assert.equal(commandAck.status, 200);
  const card = await kura.card();
  assert.equal(card.channel, CHANNEL);
  assert.deepEqual(buttonsOf(card), ["kura_approve", "kura_reject"]);
  assert.match(textOf(card), /Backup of web-01: waiting for approval/);
  const requestId = kura.requestIdOf(card);
  assert.equal((await kura.stack.runtime.journal.requests.get(requestId))?.status, "pending");

  await kura.click(BOB, "approve", card);
  await kura.slack.waitFor("the card after approval", () => buttonsOf(card).join() === "kura_cancel");
  assert.match(textOf(card), /approved/);
  assert.equal((await kura.stack.runtime.journal.requests.get(requestId))?.status, "approved");
  const jobs = await kura.stack.runtime.queue.queue.getJobs(["waiting", "active", "delayed"]);
  assert.equal(
    jobs.filter((job) => JSON.stringify(job.data).includes(requestId)).length,
    1,
    "one job queued",
  );

  const acked = new Set(socket.acks.map((ack) => ack.envelope_id));
  assert.equal(acked.size, 2, "the command and the click were each acked once, over the socket");
  assert.equal(kura.slack.callsOf("chat.postEphemeral").length, 0, "nothing refused");

  const health = await fetch(`${kura.url}/healthz`);
  assert.equal(health.status, 200, "health routes on kura's HTTP port in Socket Mode too");
});
