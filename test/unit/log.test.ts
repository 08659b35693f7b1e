import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createLogger, redactSecrets } from "../../src/log.ts";
import { withTrace } from "../../src/trace.ts";

/** A logger writing into an array of parsed lines. */
function capture(level = "info") {
  const raw: string[] = [];
  const logger = createLogger({
    level,
    name: "kura-test",
    destination: { write: (line: string) => raw.push(line) },
  });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const TOKEN = "xoxb-1111-2222-SuperSecretBotValue";

describe("createLogger", () => {
  test("a token passed in a log object is not printed", () => {
    const { logger, raw, lines } = capture();
    logger.info(
      {
        vmName: "web-01",
        token: TOKEN,
        slack: { botToken: TOKEN, signingSecret: "abc123" },
        request: { headers: { Authorization: `Bearer ${TOKEN}`, "x-api-key": "k-123" } },
        password: "hunter2",
        key: "k-456",
        jobKey: "lifecycle:web-01",
      },
      "backup requested",
    );
    const text = raw.join("");
    for (const secret of [TOKEN, "abc123", "k-123", "k-456", "hunter2"])
      assert.ok(!text.includes(secret), text);
    const [line] = lines();
    assert.equal(line?.vmName, "web-01");
    assert.equal(line?.token, "***");
    assert.deepEqual(line?.slack, { botToken: "***", signingSecret: "***" });
    assert.equal(line?.jobKey, "lifecycle:web-01", "ordinary *Key fields stay readable");
    assert.equal(line?.name, "kura-test");
    assert.equal(line?.msg, "backup requested");
  });

  test("child bindings, errors, messages and URLs are redacted too", () => {
    const { logger, raw } = capture();
    const child = logger.child({ slackToken: TOKEN, component: "bot" });
    const error = Object.assign(new Error(`auth failed for ${TOKEN}`), { clientSecret: "s3cr3t" });
    child.error({ err: error, redis: "redis://kura:hunter2@redis:6379" }, `retrying with ${TOKEN}`);
    const text = raw.join("");
    for (const secret of [TOKEN, "s3cr3t", "hunter2"]) assert.ok(!text.includes(secret), text);
    assert.match(text, /"component":"bot"/);
    assert.match(text, /redis:\/\/\*\*\*@redis:6379/);
    assert.match(text, /"type":"Error"/);
  });

  test("every line written while working for a request names it", async () => {
    const { logger, lines } = capture();
    await withTrace({ requestId: "r0abc" }, async () => {
      await Promise.resolve();
      logger.info({ step: "watch" }, "inside");
    });
    logger.info("outside");
    const [inside, outside] = lines();
    assert.equal(inside?.requestId, "r0abc");
    assert.equal(outside?.requestId, undefined);
  });

  test("pino's redaction covers request headers under any name", () => {
    const { logger, raw } = capture();
    logger.info({ req: { headers: { authorization: "Opaque zzz-not-a-bearer", cookie: "sid=q1w2" } } }, "in");
    const text = raw.join("");
    assert.ok(!text.includes("zzz-not-a-bearer") && !text.includes("q1w2"), text);
  });

  test("the level filters", () => {
    const { logger, raw } = capture("warn");
    logger.info("quiet");
    logger.warn("loud");
    assert.equal(raw.length, 1);
  });
});

test("redactSecrets copies, never mutates, and survives cycles", () => {
  const input: Record<string, unknown> = { apiKey: "k", list: [{ accessToken: "t" }], plain: 1 };
  input.self = input;
  const out = redactSecrets(input) as Record<string, unknown>;
  assert.equal(input.apiKey, "k");
  assert.deepEqual(out.list, [{ accessToken: "***" }]);
  assert.equal(out.self, "[Circular]");
});
