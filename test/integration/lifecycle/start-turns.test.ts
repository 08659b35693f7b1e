/**
 * Lifecycles of one worker start in turns (src/worker/lifecycle-processor.ts): of many approved at once,
 * only so many go through their preflight at a time, and each turn passes on as its lifecycle is about
 * to write to Azure. Seen where it matters, at Azure: the emulator's request log, in arrival order.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "../../../src/log.ts";
import { startLifecycleWorker } from "../../../src/worker/lifecycle-worker.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { requestAndApprove, waitForEnd } from "../../helpers/lifecycle.ts";

interface Recorded {
  method: string;
  path: string;
  operation: string;
}

const vmOf = (path: string) =>
  decodeURIComponent(path).toLowerCase().split("/protecteditems/")[1]?.split("/")[0]?.split(";").at(-1);

describe("lifecycles starting in turns", () => {
  it("with one turn, a lifecycle reads for its preflight only once the one before has resumed protection", async (t) => {
    const stack = await startKuraStack(t);
    const { config } = stack.runtime;
    const worker = startLifecycleWorker({
      connection: stack.runtime.blocking,
      prefix: `${config.redis.prefix}:bull`,
      queueName: config.queues.lifecycle,
      concurrency: 10,
      startingAtOnce: 1,
      lockDurationMs: config.worker.lockDurationMs,
      maxStalledCount: config.worker.maxStalledCount,
      deps: stack.runtime.lifecycle,
      log: createLogger({ level: "warn", name: "kura-test" }),
    });
    stack.track(worker);

    const vms = ["web-01", "web-02", "app-01", "batch-01"];
    const requests = await Promise.all(vms.map((vm) => requestAndApprove(stack.runtime, vm)));
    for (const request of requests)
      assert.equal((await waitForEnd(stack.runtime, request.id)).status, "succeeded", request.vmName);

    // Each VM's preflight read (its restore points) and its resume PUT, in the order Azure got them.
    const log = await stack.admin.get<Recorded[]>("requests");
    const started = new Set<string>();
    const resumed = new Set<string>();
    let mostMidStart = 0;
    for (const entry of log) {
      const vm = vmOf(entry.path);
      if (!vm || !vms.includes(vm)) continue;
      if (entry.operation === "RecoveryPoints_List" && !started.has(vm)) {
        started.add(vm);
        mostMidStart = Math.max(mostMidStart, [...started].filter((v) => !resumed.has(v)).length);
      }
      if (entry.operation === "ProtectedItems_CreateOrUpdate") resumed.add(vm);
    }
    assert.equal(started.size, vms.length);
    // One at a time; the next may read just before the PUT that ended the last turn reaches Azure.
    // Without turns, all four read before any resumed (they advance in lockstep).
    assert.ok(
      mostMidStart <= 2,
      `${mostMidStart} lifecycles between their preflight and their resume at once`,
    );
  });
});
