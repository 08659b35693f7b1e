/**
 * Production mode (TEAMS_APP_ID set): every activity must carry a Bot Framework channel token,
 * here signed by a local issuer kura is configured to trust (TEAMS_OPENID_METADATA_URL). A missing,
 * foreign, expired or misaddressed token gets 401 and kura stores nothing; kura's own calls to the
 * connector carry its bot token.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, inChannel, messageActivity, OPS_CHANNEL, postActivity } from "../../helpers/teams-client.ts";
import { APP_ID, startTeamsKura, type TeamsKura } from "../../helpers/teams-kura.ts";

async function storedNothing(kura: TeamsKura): Promise<void> {
  const keys = await kura.stack.runtime.redis.keys(`${kura.stack.prefix}:teams:*`);
  assert.deepEqual(keys, [], "no conversation reference");
  assert.deepEqual(await kura.stack.runtime.journal.requests.listRecent(10), [], "no request");
  assert.deepEqual(kura.connector.calls, [], "no answer");
}

test("a signed activity is answered, with kura's bot token on the connector call; proactive posts carry it too", async (t) => {
  const kura = await startTeamsKura(t, { production: true, startWorker: false });
  assert.equal(kura.teams.platform, "teams");
  const answer = await kura.command(ALICE, "backup web-01 --retain 30d");
  assert.equal(answer.status, 200);
  const [request] = await kura.stack.runtime.journal.requests.listRecent(1);
  assert.equal(request?.vmName, "web-01");
  assert.equal(request?.retentionDays, 30);
  assert.deepEqual(request?.requester, { platform: "teams", id: ALICE.aadObjectId, name: "Alice" });

  const posted = await kura.teams.sender.post(
    OPS_CHANNEL,
    { kind: "line", text: { key: "summary.more", params: { count: 2 } } },
    "en",
  );
  const call = kura.connector.calls.find((c) => c.activity.id === undefined && c.kind === "post");
  assert.ok(call, "a proactive post");
  assert.equal(call.authorization, `Bearer ${kura.issuer?.botToken}`);
  assert.equal(kura.connector.messages.get(posted.messageId)?.conversationId, OPS_CHANNEL);
});

test("no token, a foreign key, a wrong audience, an expired token or another serviceUrl: 401 and nothing stored", async (t) => {
  const kura = await startTeamsKura(t, { production: true, startWorker: false });
  const issuer = kura.issuer;
  assert.ok(issuer);
  const activity = () => messageActivity(kura.connector.serviceUrl, ALICE, "backup web-01", inChannel());
  const serviceUrl = kura.connector.serviceUrl;
  const cases: [string, string | undefined][] = [
    ["no token", undefined],
    [
      "a key the metadata does not list",
      issuer.channelToken({ audience: APP_ID, serviceUrl, foreignKey: true }),
    ],
    [
      "another bot's audience",
      issuer.channelToken({ audience: "00000000-0000-0000-0000-00000000beef", serviceUrl }),
    ],
    ["expired an hour ago", issuer.channelToken({ audience: APP_ID, serviceUrl, expiresIn: -3600 })],
    ["another issuer", issuer.channelToken({ audience: APP_ID, serviceUrl, issuer: "https://evil.example" })],
    [
      "issued for another serviceUrl",
      issuer.channelToken({ audience: APP_ID, serviceUrl: "https://smba.example/" }),
    ],
  ];
  for (const [what, token] of cases) {
    const answer = await postActivity(kura.url, activity(), token);
    assert.equal(answer.status, 401, what);
  }
  await storedNothing(kura);
});
