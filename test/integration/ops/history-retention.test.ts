/**
 * The worker's `prune-history` maintenance job applies the history retention settings on a whole
 * kura (real worker role, real BullMQ scheduler, real Redis; kura's clock pinned to a Thursday), and a
 * request it removed is answered with a clear "not found" that names `KURA_KEEP_REQUESTS_DAYS`.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import { MAINTENANCE_JOB } from "../../../src/commands/ports/queues.ts";
import type { BackupRequest } from "../../../src/commands/ports/requests.ts";
import type { PruneHistoryReport } from "../../../src/commands/requests/prune-history.ts";
import { THURSDAY_NOON_TOKYO } from "../../helpers/kura-stack.ts";
import { requestFixture } from "../../helpers/request-fixture.ts";
import { command } from "../chat/chat-stack.ts";
import { startGcStack } from "../gc/gc-helpers.ts";

const DAY = 86_400_000;

/** Made 300 days ago, running unless overridden. */
function request(id: string, overrides: Partial<BackupRequest>, now: number): BackupRequest {
  return requestFixture(id, { status: "running", version: 3, ...overrides }, new Date(now - 300 * DAY));
}

describe("prune-history maintenance job", () => {
  test("the worker's scheduled job removes ended requests past KURA_KEEP_REQUESTS_DAYS and trims the audit", async (t) => {
    const stack = await startGcStack(t, {
      start: THURSDAY_NOON_TOKYO,
      env: { KURA_KEEP_REQUESTS_DAYS: "90", KURA_KEEP_AUDIT_DAYS: "120" },
    });
    const { runtime } = stack;
    const now = runtime.clock.now().getTime();
    const store = runtime.journal.requests;
    await store.create(
      request(
        "b-00000000aa",
        { status: "succeeded", finishedAt: new Date(now - 91 * DAY).toISOString() },
        now,
      ),
    );
    // Not ended, however old (a running one would be settled by the worker's start-up checks, as it
    // has no lifecycle job here: a pending one waits for its approver, untouched).
    const waiting = { status: "pending" as const, expiresAt: new Date(now + 3_600_000).toISOString() };
    await store.create(request("still-waiting", waiting, now));
    // 200 audit entries appended 121 days ago (stream ids are Redis's ms), and one of today's.
    const stream = `${stack.prefix}:audit`;
    for (let i = 0; i < 200; i++) {
      const ms = now - 121 * DAY + i;
      await runtime.redis.xadd(
        stream,
        `${ms}-0`,
        "at",
        new Date(ms).toISOString(),
        "action",
        "x",
        "actor",
        "U1",
      );
    }
    const todays = await runtime.audit.append({
      at: new Date(now).toISOString(),
      action: "request.created",
      actor: "U1",
      correlationId: "still-waiting",
    });

    await stack.startWorker();
    const report = (await stack.fire(MAINTENANCE_JOB.pruneHistory)) as PruneHistoryReport;

    assert.equal(report.requestsRemoved, 1);
    assert.equal(report.requestsKept, 1);
    // kura's clock moves on with real time from its pinned start: the cutoff is 90 days before the run.
    const cutoff = Date.parse(report.requestsBefore) - (now - 90 * DAY);
    assert.ok(cutoff >= 0 && cutoff < 60_000, `cutoff ${report.requestsBefore}`);
    assert.ok(report.auditEntriesRemoved >= 100, `${report.auditEntriesRemoved} audit entries trimmed`);
    assert.equal(await store.get("b-00000000aa"), undefined);
    assert.equal((await store.get("still-waiting"))?.status, "pending", "a request that has not ended stays");
    const left = await runtime.redis.xrange(stream, "-", "+");
    assert.ok(left.length < 101 && left.some(([id]) => id === todays), "today's audit entry stays");

    // Asking for the removed request: a clear answer with its code and the setting, not a crash.
    const answer = await runtime.chat.handleCommand(command("status b-00000000aa"));
    assert.equal(answer.kind, "message");
    if (answer.kind !== "message") return;
    assert.equal(answer.text.key, "problem.REQUEST_NOT_FOUND");
    assert.equal(answer.text.params?.keepDays, 90);
    assert.match(
      renderMessage(answer.text, "en"),
      /removed 90 days after it ended \(`KURA_KEEP_REQUESTS_DAYS`\)/,
    );
    // Its card's buttons, clicked late, get the same answer.
    const late = await runtime.chat.decide({
      requestId: "b-00000000aa",
      approve: true,
      actor: { platform: "slack", id: "U2" },
    });
    assert.equal(late.ok, false);
    if (!late.ok) assert.equal(late.text.key, "problem.REQUEST_NOT_FOUND");
  });
});
