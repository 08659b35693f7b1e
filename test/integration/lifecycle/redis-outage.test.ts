/**
 * Redis being away is a wait, not a failure: a lifecycle whose Redis goes down mid-step carries on when
 * it is back, from its checkpoint, without spending an attempt and without failing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import {
  auditActions,
  backupJobsOf,
  protectionOf,
  requestAndApprove,
  waitFor,
  waitForEnd,
} from "../../helpers/lifecycle.ts";
import { type OwnRedis, startOwnRedis } from "../../helpers/own-redis.ts";

describe("a Redis outage during a lifecycle", () => {
  // Its own redis-server, killed and restarted mid-step; stopped after the test's own cleanups
  // (which close kura) have run.
  let redis: OwnRedis;
  before(async () => {
    redis = await startOwnRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it("waits it out: no attempt spent, the backup succeeds once", async (t) => {
    const stack = await startKuraStack(t, {
      // A lock that outlasts the outage, as the default (30 s) does: the job stays this worker's.
      env: { REDIS_URL: redis.url, KURA_WORKER_LOCK_MS: "20000" },
      behaviour: { snapshotMs: 6_000, transferMs: 2_000 },
    });
    await stack.startWorker();
    const request = await requestAndApprove(stack.runtime, "web-01");
    await waitFor("the Azure job to be watched", async () => {
      const current = await stack.runtime.journal.requests.get(request.id);
      return current?.progress?.azureJobId;
    });

    await redis.outage(4_000);
    const done = await waitForEnd(stack.runtime, request.id, 90_000);

    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    const job = await stack.runtime.queue.queue.getJob(request.id);
    // BullMQ counts the finishing attempt (1), or none when the ride-out moved the job to the delayed
    // set and a later run finished it (0): either way no attempt failed.
    assert.ok((job?.attemptsMade ?? 0) <= 1, `the outage spent no attempt (${job?.attemptsMade})`);
    assert.deepEqual(job?.stacktrace ?? [], [], "no attempt failed");
    assert.equal(job?.failedReason, undefined);
    assert.equal((await backupJobsOf(stack.runtime, "web-01")).length, 1);
    assert.equal(await protectionOf(stack.runtime, "web-01"), "ProtectionStopped");
    assert.deepEqual(await auditActions(stack.runtime, request.id), [
      "request.created",
      "request.approved",
      "azure.resume",
      "azure.trigger",
      "azure.stop",
    ]);
  });
});
