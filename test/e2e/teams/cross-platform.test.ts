/**
 * One kura process running Slack and Teams: one core and one store, so a request made on one
 * platform reads the same in `backup status` on the other, and the delivery pipeline sends each
 * event to the platform its request was made on, never the other.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { VERBS } from "../../../src/bot/teams/cards.ts";
import {
  CHANNEL,
  ALICE as SLACK_ALICE,
  BOB as SLACK_BOB,
  startSlackKura,
  textOf,
} from "../../helpers/slack-kura.ts";
import {
  ALICE,
  BOB,
  inChannel,
  invokeActivity,
  messageActivity,
  OPS_CHANNEL,
  postActivity,
} from "../../helpers/teams-client.ts";
import { cardText, startConnectorStub } from "../../helpers/teams-connector.ts";

test("a request made in Slack shows in Teams' backup status and the other way round; each card's events go to its own platform", async (t) => {
  const after: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of after) await fn();
  });
  const connector = await startConnectorStub({ after: (fn) => after.push(fn) });
  const kura = await startSlackKura(t, {
    startWorker: false,
    env: { TEAMS_LOCAL: "true", KURA_APPROVERS: `slack:${SLACK_BOB},teams:${BOB.aadObjectId}` },
  });
  const teams = (activity: Record<string, unknown>) => postActivity(kura.url, activity);
  const teamsAnswers = () =>
    connector.calls.filter((c) => c.kind === "reply").map((c) => cardText(c.activity));

  // Slack → Teams.
  await kura.command(SLACK_ALICE, "web-01 --retain 7d");
  const slackCard = await kura.card();
  const slackRequest = kura.requestIdOf(slackCard);
  assert.equal(
    (await teams(messageActivity(connector.serviceUrl, ALICE, `backup status ${slackRequest}`, inChannel())))
      .status,
    200,
  );
  const status = await connector.waitFor("Teams' status answer", () => teamsAnswers()[0]);
  assert.match(status, /Backup of web-01: waiting for approval/);
  assert.match(status, /7 days/);

  // Teams → Slack.
  await teams(messageActivity(connector.serviceUrl, ALICE, "backup web-02", inChannel()));
  const teamsCard = await connector.waitFor("the Teams card", () =>
    connector.messagesIn(OPS_CHANNEL).find((m) => /Backup of web-02/.test(cardText(m.activity))),
  );
  const [teamsRequest] = await kura.stack.runtime.journal.requests.listByVm("web-02", 1);
  assert.equal(teamsRequest?.conversation.platform, "teams");
  assert.equal(kura.slack.cards(CHANNEL).length, 1, "no Slack post for it");
  await kura.command(SLACK_ALICE, `status ${teamsRequest?.id}`);
  const respond = await kura.slack.waitFor("Slack's status answer", () =>
    kura.slack.callsOf("respond").find((c) => /web-02/.test(JSON.stringify(c.args))),
  );
  assert.match(JSON.stringify(respond.args), /waiting for approval/);

  // Each decision edits its own platform's card only.
  const slackUpdatesBefore = kura.slack.callsOf("chat.update").length;
  const approved = await teams(
    invokeActivity(
      connector.serviceUrl,
      BOB,
      VERBS.approve,
      { requestId: teamsRequest?.id ?? "" },
      { conversationId: OPS_CHANNEL, conversationType: "channel" },
      teamsCard.id,
    ),
  );
  assert.equal(approved.status, 200);
  await connector.waitFor("the Teams card edited", () => /approved/.test(cardText(teamsCard.activity)));
  await kura.click(SLACK_BOB, "approve", slackCard);
  await kura.slack.waitFor("the Slack card edited", () => /approved/.test(textOf(slackCard)));
  assert.equal(
    kura.slack.callsOf("chat.update").filter((c) => JSON.stringify(c.args).includes("web-02")).length,
    0,
    "the Teams request never reached Slack",
  );
  assert.ok(kura.slack.callsOf("chat.update").length > slackUpdatesBefore);
  assert.equal(
    connector.calls.filter((c) => JSON.stringify(c.activity).includes(slackRequest)).length,
    1,
    "the Slack request reached Teams only as the status answer asked for there",
  );
});
