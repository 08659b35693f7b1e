/**
 * Work the queue no longer carries is never left hanging: a lifecycle BullMQ gives up on, a request
 * approved without a job (a crash between approval and enqueue), a running request whose job vanished,
 * and a cancel of a request nobody runs. Each ends settled: protection back to what it should be, the
 * VM's lease free, the request finished with its reason, and the requester told (a notification).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { storeVm, vmKeyOf } from "../../../src/commands/lifecycle/checkpoint.ts";
import type { LifecycleQueue } from "../../../src/commands/ports/queues.ts";
import { LIFECYCLE_JOB } from "../../../src/commands/ports/queues.ts";
import type { BackupRequest } from "../../../src/commands/ports/requests.ts";
import { reconcileProtection } from "../../../src/commands/reconcile/reconcile-protection.ts";
import { decideRequest } from "../../../src/commands/requests/decide-request.ts";
import type { Runtime } from "../../../src/compose/runtime.ts";
import { eventJobId } from "../../../src/store/bullmq-event-sink.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import {
  auditActions,
  BOB,
  cancel,
  createRequest,
  protectionOf,
  waitForEnd,
} from "../../helpers/lifecycle.ts";

/** Approves through the real use case, but the process "dies" before the job is enqueued. */
async function approveWithoutJob(runtime: Runtime, vm: string): Promise<BackupRequest> {
  const created = { value: await createRequest(runtime, vm) };
  const crashing: LifecycleQueue = {
    enqueue: async () => {
      throw new Error("process killed before enqueue");
    },
    removeIfWaiting: (id) => runtime.queue.removeIfWaiting(id),
    jobState: (id) => runtime.queue.jobState(id),
    revive: (id) => runtime.queue.revive(id),
  };
  await decideRequest(
    created.value.id,
    BOB,
    { approve: true },
    {
      journal: runtime.journal,
      queue: crashing,
      clock: runtime.clock,
      rules: { isApprover: () => true, allowSelfApproval: false },
    },
  ).catch(() => undefined);
  const approved = await runtime.journal.requests.get(created.value.id);
  assert.equal(approved?.status, "approved");
  return approved as BackupRequest;
}

/** A lifecycle that got as far as resuming protection: running, holding the lease, protection on. */
async function runningWithProtectionOn(runtime: Runtime, vmName: string): Promise<BackupRequest> {
  const approved = await approveWithoutJob(runtime, vmName);
  const running = await runtime.journal.transition(approved.id, ["approved"], {
    status: "running",
    startedAt: runtime.clock.now().toISOString(),
  });
  assert.ok(running);
  assert.deepEqual(await runtime.locks.acquireLifecycle(vmKeyOf(running), running.id), { acquired: true });
  const vm = await runtime.gateway.findVm(vmName);
  await runtime.gateway.resumeProtection(
    vm,
    (await runtime.gateway.getPolicy(vm.vault, vm.policyName ?? "")).id,
  );
  return running;
}

async function notified(runtime: Runtime, request: BackupRequest, type: string): Promise<boolean> {
  const ended = await runtime.journal.requests.get(request.id);
  const job = await runtime.events.queue.getJob(eventJobId(`${request.id}:${ended?.version}:${type}`));
  return job !== undefined;
}

describe("lifecycles nobody runs any more are settled", () => {
  it("a lifecycle BullMQ gave up on ends failed, protection stopped, lease freed, requester told", async (t) => {
    const stack = await startKuraStack(t);
    const { runtime } = stack;
    const request = await runningWithProtectionOn(runtime, "web-01");
    const vm = await runtime.gateway.findVm("web-01");
    // Its last attempt: the step throws something no retry fixes, with no attempts left.
    await runtime.queue.queue.add(
      LIFECYCLE_JOB,
      { requestId: request.id, checkpoint: { step: "watch", vm: storeVm(vm) } } as never,
      { jobId: request.id, attempts: 1 },
    );
    await stack.startWorker();

    const done = await waitForEnd(runtime, request.id, 20_000);
    assert.equal(done.status, "failed");
    assert.equal(done.failure?.code, "LIFECYCLE_ABANDONED");
    assert.equal(await protectionOf(runtime, "web-01"), "ProtectionStopped");
    assert.equal(await runtime.locks.lifecycleHolder(vmKeyOf(request)), undefined);
    assert.ok(await notified(runtime, request, "failed"), "the requester is told");
    const actions = await auditActions(runtime, request.id);
    assert.ok(actions.includes("azure.stop") && actions.includes("request.abandoned"), actions.join(","));
  });

  it("the reconciler enqueues an approved request that has no job, and it runs", async (t) => {
    const stack = await startKuraStack(t);
    const request = await approveWithoutJob(stack.runtime, "web-02");

    const report = await reconcileProtection(stack.runtime.reconcile);
    assert.deepEqual(report.requeued, [request.id]);
    await stack.startWorker();
    const done = await waitForEnd(stack.runtime, request.id);
    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
  });

  it("the reconciler settles a running request whose job vanished, freeing its lease", async (t) => {
    const stack = await startKuraStack(t);
    const { runtime } = stack;
    const request = await runningWithProtectionOn(runtime, "app-01");

    const report = await reconcileProtection(runtime.reconcile);
    assert.deepEqual(report.settled, [request.id]);
    const done = await runtime.journal.requests.get(request.id);
    assert.equal(done?.status, "failed");
    assert.equal(done?.failure?.code, "LIFECYCLE_ABANDONED");
    assert.equal(await runtime.locks.lifecycleHolder(vmKeyOf(request)), undefined);
    assert.equal(await protectionOf(runtime, "app-01"), "ProtectionStopped");
    assert.equal(report.repaired.length, 0, "settling is not reported as drift");
  });

  it("cancelling a running request nobody runs any more ends it cancelled, protection settled", async (t) => {
    const stack = await startKuraStack(t);
    const { runtime } = stack;
    const request = await runningWithProtectionOn(runtime, "batch-01");

    const asked = await cancel(runtime, request.id);
    assert.ok(asked.ok);
    await stack.startWorker();
    const done = await waitForEnd(runtime, request.id, 20_000);
    assert.equal(done.status, "cancelled");
    assert.equal(await protectionOf(runtime, "batch-01"), "ProtectionStopped");
    assert.equal(await runtime.locks.lifecycleHolder(vmKeyOf(request)), undefined);
  });
});
