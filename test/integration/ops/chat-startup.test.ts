/**
 * Chat platforms at start-up, through a real `node src/main.ts bot` process: a Slack token Slack
 * refuses is reported like any other bad setting (the key, what is wrong, how to fix it) and kura
 * exits 2; a Slack API that cannot be reached is retried with a log line per attempt, and SIGTERM
 * still stops the process meanwhile.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { startKuraProcess } from "../../helpers/kura-process.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { waitFor } from "../../helpers/lifecycle.ts";

const WRONG_TOKEN = "xoxb-1111-2222-NotTheRightToken";
const SLACK_ENV = {
  SLACK_BOT_TOKEN: WRONG_TOKEN,
  SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef",
  KURA_LOG_LEVEL: "info",
};

describe("Slack at start-up", () => {
  it("a token Slack refuses is a bad setting: exit 2 with the key and its fix", async (t) => {
    const stack = await startKuraStack(t, { start: "now" });
    const slack = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "invalid_auth" }));
    });
    slack.listen(0, "127.0.0.1");
    await once(slack, "listening");
    t.after(() => slack.close());
    const apiUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;

    const bot = startKuraProcess(stack, "bot", { ...SLACK_ENV, SLACK_API_URL: apiUrl });
    assert.equal(await bot.exited, 2);
    const said = bot.stderr();
    assert.match(said, /SLACK_BOT_TOKEN: Slack refused the bot token \(invalid_auth\)/);
    assert.match(said, /OAuth & Permissions/);
    assert.ok(!said.includes(WRONG_TOKEN), "the token itself is never printed");
    assert.doesNotMatch(said, /^\s+at /m, "no stack trace");
  });

  it("an unreachable Slack API is retried with log lines, and SIGTERM still stops kura", async (t) => {
    const stack = await startKuraStack(t, { start: "now" });
    // A port nothing listens on.
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    const bot = startKuraProcess(stack, "bot", {
      ...SLACK_ENV,
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
    });
    const retry = await waitFor(
      "a second retry line",
      async () => bot.lines.find((l) => l.platform === "slack" && l.attempt === 2),
      90_000,
    );
    assert.match(String(retry.msg), /cannot be reached; retrying/);
    assert.ok(Number(retry.retryInMs) > 0 && Number(retry.retryInMs) <= 60_000, "bounded back-off");
    bot.child.kill("SIGTERM");
    assert.equal(await bot.exited, 0);
  });
});
