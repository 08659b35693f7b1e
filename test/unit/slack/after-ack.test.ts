/**
 * AfterAck's promises beyond a burst (test/e2e/slack/burst.test.ts covers the burst through Bolt):
 * a steady stream of requests, which never goes quiet, still gets its work done while it lasts, and
 * work that fails frees its turn.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { AfterAck, MAX_WAIT_MS } from "../../../src/bot/slack/after-ack.ts";

test("a stream of requests that never goes quiet still gets work done while it lasts", async () => {
  const afterAck = new AfterAck(2);
  let streaming = true;
  let doneWhileStreaming = 0;
  const runs: Promise<void>[] = [];
  const stream = setInterval(() => {
    runs.push(
      afterAck.run(async () => {
        if (streaming) doneWhileStreaming += 1;
      }),
    );
  }, 5);
  // Well past the longest wait for a quiet moment: the first work is overdue long before the end.
  await delay(MAX_WAIT_MS * 2.5);
  streaming = false;
  clearInterval(stream);
  await Promise.all(runs);
  assert.ok(doneWhileStreaming > 0, "some work ran while requests kept coming");
});

test("work that throws passes its error on and frees its turn", async () => {
  const afterAck = new AfterAck(1);
  await assert.rejects(
    afterAck.run(async () => {
      throw new Error("Slack said no");
    }),
    /Slack said no/,
  );
  assert.equal(await afterAck.run(async () => "next"), "next");
});
