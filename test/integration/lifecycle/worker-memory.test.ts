import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout } from "node:timers/promises";
import { queryObjects } from "node:v8";
import { Job } from "bullmq";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { requestAndApprove, waitForEnd } from "../../helpers/lifecycle.ts";

/**
 * Live objects of a class in this process, after the full garbage collection `queryObjects` runs first:
 * what is still reachable, not what is merely uncollected yet.
 */
const live = (ctor: abstract new (...args: never[]) => unknown) =>
  queryObjects(ctor as unknown as new () => unknown, { format: "count" });

describe("a worker's memory over many lifecycles", () => {
  it("keeps nothing of a lifecycle once it has ended: its BullMQ job and abort signals go", async (t) => {
    const stack = await startKuraStack(t);
    await stack.startWorker();
    // The first lifecycle warms up what is made once per process (clients, agents, caches).
    const first = await requestAndApprove(stack.runtime, "web-01");
    assert.equal((await waitForEnd(stack.runtime, first.id)).status, "succeeded");
    // A request ends a moment before its job does (the run's last read, BullMQ's completion): count
    // once no job is active, or a run still finishing counts as kept.
    const jobsDone = async () => {
      for (const until = Date.now() + 10_000; Date.now() < until; await setTimeout(50)) {
        if ((await stack.runtime.queue.queue.getActiveCount()) === 0) return;
      }
    };
    await jobsDone();
    const before = { jobs: live(Job), signals: live(AbortSignal) };

    const vms = ["web-02", "app-01", "batch-01"];
    const requests = await Promise.all(vms.map((vm) => requestAndApprove(stack.runtime, vm)));
    for (const request of requests)
      assert.equal((await waitForEnd(stack.runtime, request.id)).status, "succeeded", request.vmName);
    await jobsDone();
    const after = { jobs: live(Job), signals: live(AbortSignal) };
    t.diagnostic(`alive before → after: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);

    // Each ended run used to stay reachable for good (~17 KB: its job, signals, steps' state), held by
    // its abort signal; the worker's live heap grew by that much per lifecycle. Now none stays: fewer
    // than one of each per lifecycle allows for whatever the idle worker has open at the moment.
    assert.ok(
      after.jobs - before.jobs < vms.length,
      `BullMQ jobs alive: ${before.jobs} → ${after.jobs} after ${vms.length} lifecycles`,
    );
    assert.ok(
      after.signals - before.signals < vms.length,
      `abort signals alive: ${before.signals} → ${after.signals} after ${vms.length} lifecycles`,
    );
  });
});
