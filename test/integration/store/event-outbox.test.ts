/**
 * The transactional outbox: a request's transition and its event are written by one script, so a
 * crash between the state write and the notification (here, a sink that throws once) still ends with
 * the notification in the platform's queue, exactly once; a normal run leaves the outbox empty.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { systemClock } from "../../../src/commands/ports/clock.ts";
import type { EventSink, KuraEvent } from "../../../src/commands/ports/events.ts";
import type { BackupRequest } from "../../../src/commands/ports/requests.ts";
import { RequestJournal } from "../../../src/commands/requests/journal.ts";
import { BullmqEventSink, eventJobId } from "../../../src/store/bullmq-event-sink.ts";
import { RedisAuditLog } from "../../../src/store/redis-audit-log.ts";
import { RedisEventOutbox } from "../../../src/store/redis-event-outbox.ts";
import { RedisRequestStore } from "../../../src/store/redis-request-store.ts";
import { type RedisTestContext, useRedis } from "../../helpers/redis.ts";
import { requestFixture } from "../../helpers/request-fixture.ts";

function pendingRequest(id: string): BackupRequest {
  return requestFixture(id, { vault: { subscriptionId: "sub", resourceGroup: "rg", name: "vault" } });
}

function setUp(ctx: RedisTestContext, events: (sink: EventSink) => EventSink) {
  const { redis, prefix, onCleanup } = ctx;
  const requests = new RedisRequestStore({ redis, prefix });
  const outbox = new RedisEventOutbox({ redis, prefix });
  const sink = new BullmqEventSink({
    redis,
    prefix: `${prefix}:bull`,
    queueName: "notify",
    platforms: ["slack"],
  });
  onCleanup(() => sink.close());
  const journal = new RequestJournal({
    requests,
    events: events(sink),
    outbox,
    audit: new RedisAuditLog({ redis, prefix }),
    clock: systemClock,
  });
  return { requests, outbox, sink, journal };
}

async function jobsOf(sink: BullmqEventSink): Promise<string[]> {
  const jobs = await sink.queueFor("slack").getJobs(["waiting", "delayed", "active", "completed", "failed"]);
  return jobs.map((job) => job.id ?? "");
}

describe("event outbox", () => {
  test("a crash between the state write and its event: the relay delivers the event exactly once", async (t) => {
    let failures = 1;
    const { requests, outbox, sink, journal } = setUp(useRedis(t), (inner) => ({
      async emit(event: KuraEvent) {
        if (failures-- > 0) throw new Error("crashed before the event was emitted");
        await inner.emit(event);
      },
    }));
    await requests.create(pendingRequest("req-a"));
    await assert.rejects(
      journal.transition(
        "req-a",
        ["pending"],
        { status: "approved" },
        { type: "approved", by: { platform: "slack", id: "U-bob" } },
      ),
      /crashed/,
    );
    // The state landed; the notification did not.
    assert.equal((await requests.get("req-a"))?.status, "approved");
    assert.deepEqual(await jobsOf(sink), []);
    // Not yet old enough for the sweep: a journal might still be emitting it.
    assert.equal(await journal.relayOutbox(60_000), 0);
    assert.equal((await outbox.pending(0)).length, 1);

    assert.equal(await journal.relayOutbox(0), 1);
    assert.equal(await journal.relayOutbox(0), 0);
    assert.deepEqual(await jobsOf(sink), [eventJobId("req-a:2:approved")]);
    const job = await sink.queueFor("slack").getJob(eventJobId("req-a:2:approved"));
    assert.equal(job?.data.type, "approved");
    assert.deepEqual(await outbox.pending(0), []);
  });

  test("a normal run leaves the outbox empty and one job per event", async (t) => {
    const { requests, outbox, sink, journal } = setUp(useRedis(t), (inner) => inner);
    await requests.create(pendingRequest("req-b"));
    const approved = await journal.transition(
      "req-b",
      ["pending"],
      { status: "approved" },
      { type: "approved", by: { platform: "slack", id: "U-bob" } },
    );
    assert.equal(approved?.version, 2);
    // A transition that loses its compare-and-set writes no event either.
    assert.equal(
      await journal.transition("req-b", ["pending"], { status: "expired" }, { type: "expired" }),
      undefined,
    );
    assert.deepEqual(await outbox.pending(0), []);
    assert.equal(await journal.relayOutbox(0), 0);
    assert.deepEqual(await jobsOf(sink), [eventJobId("req-b:2:approved")]);
  });
});
