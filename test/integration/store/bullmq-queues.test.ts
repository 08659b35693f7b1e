import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DelayedError, Worker } from "bullmq";
import type { KuraEvent } from "../../../src/commands/ports/events.ts";
import { LIFECYCLE_JOB, NOTIFICATION_JOB } from "../../../src/commands/ports/queues.ts";
import { BullmqEventSink, eventJobId } from "../../../src/store/bullmq-event-sink.ts";
import { BullmqLifecycleQueue } from "../../../src/store/bullmq-lifecycle-queue.ts";
import { useRedis } from "../../helpers/redis.ts";

function approved(requestId: string, version: number): KuraEvent {
  return {
    id: `${requestId}:${version}:approved`,
    at: "2026-03-01T09:01:00.000Z",
    type: "approved",
    requestId,
    vmName: "web-01",
    version,
    conversation: { platform: "slack", channelId: "C1", messageRef: "1700000000.000100" },
    by: { platform: "slack", id: "U2" },
  };
}

describe("BullmqLifecycleQueue", () => {
  test("enqueueing a request twice, from two processes, makes one job named for it", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const options = { prefix: `${prefix}:bull`, queueName: "lifecycle" };
    const queue = new BullmqLifecycleQueue({ redis, ...options });
    const other = new BullmqLifecycleQueue({ redis: connect(), ...options });
    onCleanup(() => queue.close());
    onCleanup(() => other.close());
    await Promise.all([queue.enqueue("req-a"), other.enqueue("req-a"), queue.enqueue("req-a")]);
    await queue.enqueue("req-b");
    assert.equal(await queue.queue.getWaitingCount(), 2);
    const job = await queue.queue.getJob("req-a");
    assert.equal(job?.name, LIFECYCLE_JOB);
    assert.deepEqual(job?.data, { requestId: "req-a" });
    assert.ok((job?.opts.attempts ?? 0) > 1);
    assert.deepEqual(job?.opts.removeOnComplete, { age: 86_400 });
  });

  test("removeIfWaiting removes a waiting job, and reports false when there is none", async (t) => {
    const { redis, prefix, onCleanup } = useRedis(t);
    const queue = new BullmqLifecycleQueue({ redis, prefix: `${prefix}:bull`, queueName: "lifecycle" });
    onCleanup(() => queue.close());
    await queue.enqueue("req-a");
    assert.equal(await queue.removeIfWaiting("req-a"), true);
    assert.equal(await queue.queue.getJob("req-a"), undefined);
    assert.equal(await queue.removeIfWaiting("req-a"), false);
    assert.equal(await queue.removeIfWaiting("never-enqueued"), false);
    // Once removed, the request may be enqueued again (e.g. approved after a cancel was undone).
    await queue.enqueue("req-a");
    assert.equal(await queue.queue.getWaitingCount(), 1);
  });

  test("removeIfWaiting leaves a running job alone and reports false", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const options = { prefix: `${prefix}:bull`, queueName: "lifecycle" };
    const queue = new BullmqLifecycleQueue({ redis, ...options });
    onCleanup(() => queue.close());
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish: () => void = () => {};
    const worker = new Worker(
      options.queueName,
      () => {
        started();
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { connection: connect("blocking"), prefix: options.prefix },
    );
    onCleanup(() => worker.close());
    await queue.enqueue("req-a");
    await running;
    assert.equal(await queue.removeIfWaiting("req-a"), false);
    assert.equal(await (await queue.queue.getJob("req-a"))?.getState(), "active");
    finish();
  });
  test("removeIfWaiting leaves a started lifecycle that delayed itself (waiting on Azure) alone", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const options = { prefix: `${prefix}:bull`, queueName: "lifecycle" };
    const queue = new BullmqLifecycleQueue({ redis, ...options });
    onCleanup(() => queue.close());
    let delayed: () => void = () => {};
    const movedToDelayed = new Promise<void>((resolve) => (delayed = resolve));
    // As the lifecycle processor does: save a checkpoint, then wait without spending an attempt.
    const worker = new Worker(
      options.queueName,
      async (job, token) => {
        await job.updateData({ ...job.data, checkpoint: { step: "watch" } });
        await job.moveToDelayed(Date.now() + 60_000, token);
        delayed();
        throw new DelayedError();
      },
      { connection: connect("blocking"), prefix: options.prefix },
    );
    onCleanup(() => worker.close());
    await queue.enqueue("req-a");
    await movedToDelayed;
    const job = await queue.queue.getJob("req-a");
    assert.equal(await job?.getState(), "delayed");
    assert.equal(await queue.removeIfWaiting("req-a"), false);
    assert.equal(await (await queue.queue.getJob("req-a"))?.getState(), "delayed");
  });
});

describe("BullmqEventSink", () => {
  test("an event emitted twice (a re-emit after a crash) becomes one job", async (t) => {
    const { redis, connect, prefix, onCleanup } = useRedis(t);
    const options = { prefix: `${prefix}:bull`, queueName: "notifications", platforms: [] };
    const sink = new BullmqEventSink({ redis, ...options });
    const other = new BullmqEventSink({ redis: connect(), ...options });
    onCleanup(() => sink.close());
    onCleanup(() => other.close());
    await sink.emit(approved("req-a", 2));
    await other.emit(approved("req-a", 2));
    await sink.emit(approved("req-a", 3));
    assert.equal(await sink.queue.getWaitingCount(), 2);
    const job = await sink.queue.getJob(eventJobId("req-a:2:approved"));
    assert.equal(job?.name, NOTIFICATION_JOB);
    assert.deepEqual(job?.data, approved("req-a", 2));
  });

  test("event ids BullMQ would refuse as job ids (extra ':' or all digits) still work, one-to-one", async (t) => {
    const { redis, prefix, onCleanup } = useRedis(t);
    const sink = new BullmqEventSink({
      redis,
      prefix: `${prefix}:bull`,
      queueName: "notifications",
      platforms: [],
    });
    onCleanup(() => sink.close());
    const drift = (id: string): KuraEvent => ({
      id,
      at: "2026-03-01T09:01:00.000Z",
      type: "drift-repaired",
      vmName: "web-01",
      from: "Protected",
      to: "ProtectionStopped",
      reasons: ["outside the GC window"],
    });
    for (const id of ["12345", "drift:web-01:2026-03-01T09:00:00Z", "a%3Ab", "a:b"])
      await sink.emit(drift(id));
    assert.equal(await sink.queue.getWaitingCount(), 4);
    assert.notEqual(eventJobId("a%3Ab"), eventJobId("a:b"));
  });

  test("each event goes to its platform's queue; a system notice to every configured platform's", async (t) => {
    const { redis, prefix, onCleanup } = useRedis(t);
    const sink = new BullmqEventSink({
      redis,
      prefix: `${prefix}:bull`,
      queueName: "notifications",
      platforms: ["slack", "teams"],
    });
    onCleanup(() => sink.close());
    await sink.emit(approved("req-a", 2));
    const teamsEvent = approved("req-b", 2);
    if ("conversation" in teamsEvent) teamsEvent.conversation = { platform: "teams", channelId: "19:abc" };
    await sink.emit(teamsEvent);
    await sink.emit({
      id: "drift-1",
      at: "2026-03-01T09:01:00.000Z",
      type: "drift-repaired",
      vmName: "web-01",
      from: "Protected",
      to: "ProtectionStopped",
      reasons: [],
    });
    const ids = async (platform: string) =>
      (await sink.queueFor(platform).getJobs(["waiting"])).map((job) => job.data.id).sort();
    assert.deepEqual(await ids("slack"), ["drift-1", "req-a:2:approved"]);
    assert.deepEqual(await ids("teams"), ["drift-1", "req-b:2:approved"]);
    assert.equal(await sink.queue.getWaitingCount(), 0, "nothing in the log printer's queue");
    assert.equal(sink.queueFor("slack").name, "notifications.slack");
  });
});
