/**
 * History retention on real Redis (`KURA_KEEP_REQUESTS_DAYS`, `KURA_KEEP_AUDIT_DAYS`): an ended
 * request older than the retention goes with every key kept under its id; a request that has not
 * ended stays however old; the audit stream loses only entries older than its cutoff. Time is a
 * pinned clock (requests carry their own timestamps), never a wait.
 */
import assert from "node:assert/strict";
import { describe, type TestContext, test } from "node:test";
import { cardMessageId, toldMarker, undeliverableMarker } from "../../../src/commands/delivery/ids.ts";
import type { Clock } from "../../../src/commands/ports/clock.ts";
import type { EventSink } from "../../../src/commands/ports/events.ts";
import type { BackupRequest, RequestStatus } from "../../../src/commands/ports/requests.ts";
import { RequestJournal } from "../../../src/commands/requests/journal.ts";
import { pruneHistory } from "../../../src/commands/requests/prune-history.ts";
import { RedisAuditLog } from "../../../src/store/redis-audit-log.ts";
import { RedisDeliveryState } from "../../../src/store/redis-delivery-state.ts";
import { RedisEventOutbox } from "../../../src/store/redis-event-outbox.ts";
import { RedisRequestStore } from "../../../src/store/redis-request-store.ts";
import { keysUnder, useRedis } from "../../helpers/redis.ts";
import { requestFixture } from "../../helpers/request-fixture.ts";

const DAY = 86_400_000;
/** "Now" for kura in these tests. */
const NOW = Date.parse("2026-11-26T03:00:00.000Z");
const at = (daysAgo: number): string => new Date(NOW - daysAgo * DAY).toISOString();
const pinned: Clock = { now: () => new Date(NOW) };

function request(id: string, status: RequestStatus, createdDaysAgo: number, ended?: number): BackupRequest {
  return requestFixture(
    id,
    {
      vmName: `vm-${id}`,
      conversation: { platform: "slack", channelId: "C1", messageRef: "1700000000.000100" },
      expiresAt: at(createdDaysAgo - 1 / 48),
      status,
      ...(ended === undefined ? {} : { finishedAt: at(ended) }),
    },
    new Date(at(createdDaysAgo)),
  );
}

function setUp(t: TestContext) {
  const ctx = useRedis(t);
  const { redis, prefix } = ctx;
  const requests = new RedisRequestStore({ redis, prefix });
  const audit = new RedisAuditLog({ redis, prefix, onceKeepDays: 365 });
  const delivery = new RedisDeliveryState({ redis, prefix });
  const outbox = new RedisEventOutbox({ redis, prefix });
  // The journal's emit never lands (the notification queue is not what is tested): the event stays
  // in the outbox, as after a crash between the state write and the emit.
  const lost: EventSink = {
    emit: async () => {
      throw new Error("lost");
    },
  };
  const journal = new RequestJournal({ requests, events: lost, outbox, audit, clock: pinned });
  const prune = (keepRequestsDays = 180, keepAuditDays = 365, pageSize?: number) =>
    pruneHistory({
      requests,
      audit,
      clock: pinned,
      keepRequestsDays,
      keepAuditDays,
      ...(pageSize ? { pageSize } : {}),
    });
  return { ...ctx, requests, audit, delivery, outbox, journal, prune };
}

/** A request through its life on the real stores: created, ended by a transition (its event left in
 * the outbox), audited once, and its card's delivery state written as the delivery pipeline does. */
async function endedWithState(
  s: ReturnType<typeof setUp>,
  id: string,
  createdDaysAgo: number,
  endedDaysAgo: number,
) {
  await s.requests.create(request(id, "running", createdDaysAgo));
  await s.journal
    .transition(id, ["running"], { status: "succeeded", finishedAt: at(endedDaysAgo) }, { type: "cancelled" })
    .catch(() => {}); // the lost emit throws after the state and its outbox event were written
  const ended = await s.requests.get(id);
  assert.equal(ended?.status, "succeeded");
  await s.journal.record(
    ended as BackupRequest,
    { action: "azure.stop", actor: "kura" },
    { once: "azure.stop" },
  );
  const card = cardMessageId(id);
  const ttl = 30 * DAY;
  await s.delivery.save(card, { ref: { channelId: "C1", messageId: "1700000000.000100" }, shown: 2 }, ttl);
  await s.delivery.claimPost(card, 30_000);
  await s.delivery.markEdited(card, 60_000);
  assert.equal(await s.delivery.replyOnce(card, `${id}:2:succeeded`, ttl), true);
  assert.equal(await s.delivery.replyOnce(card, `${id}:2:succeeded`, ttl), false, "a reply is marked once");
  await s.delivery.once(undeliverableMarker(id), ttl);
  await s.delivery.once(toldMarker(id), ttl);
}

const mentioning = (keys: string[], id: string) => keys.filter((key) => key.includes(id));

describe("history retention (KURA_KEEP_REQUESTS_DAYS, KURA_KEEP_AUDIT_DAYS) on real Redis", () => {
  test("a request that ended before the cutoff is removed with every key under its id and no index entry", async (t) => {
    const s = setUp(t);
    await endedWithState(s, "old-ended", 200, 190);
    await endedWithState(s, "recent-ended", 200, 10);
    const before = await keysUnder(s.redis, s.prefix);
    assert.ok(
      mentioning(before, "old-ended").length >= 7,
      `its keys exist first: ${mentioning(before, "old-ended")}`,
    );
    assert.ok(
      await s.redis.hexists(`${s.prefix}:outbox:events`, "old-ended:2:cancelled"),
      "its event waits in the outbox",
    );

    const report = await s.prune(180);
    assert.equal(report.requestsRemoved, 1);
    assert.equal(report.requestsKept, 1);

    assert.equal(await s.requests.get("old-ended"), undefined);
    const left = mentioning(await keysUnder(s.redis, s.prefix), "old-ended");
    // Only the audit trail's own marker stays: it guards an audit entry, kept KURA_KEEP_AUDIT_DAYS.
    assert.deepEqual(left, [`${s.prefix}:audit:once:old-ended:azure.stop`]);
    assert.equal(await s.redis.zscore(`${s.prefix}:requests:by-created`, "old-ended"), null);
    assert.equal(await s.redis.exists(`${s.prefix}:requests:vm:vm-old-ended`), 0);
    assert.equal(await s.redis.sismember(`${s.prefix}:requests:active`, "old-ended"), 0);
    assert.equal(await s.redis.zscore(`${s.prefix}:requests:pending-expiry`, "old-ended"), null);
    assert.equal(await s.redis.hexists(`${s.prefix}:outbox:events`, "old-ended:2:cancelled"), 0);
    assert.equal(await s.redis.zscore(`${s.prefix}:outbox:pending`, "old-ended:2:cancelled"), null);
    assert.deepEqual(
      (await s.requests.listRecent(10)).map((r) => r.id),
      ["recent-ended"],
    );
    assert.deepEqual(await s.requests.listByVm("vm-old-ended", 10), []);

    // The other request, ended within the retention, is untouched, keys and all.
    assert.deepEqual(
      mentioning(await keysUnder(s.redis, s.prefix), "recent-ended"),
      mentioning(before, "recent-ended"),
    );
    assert.equal((await s.requests.get("recent-ended"))?.status, "succeeded");
    assert.ok(await s.redis.hexists(`${s.prefix}:outbox:events`, "recent-ended:2:cancelled"));
    // The audit entries of both stay (the audit has its own, longer retention).
    assert.equal((await s.audit.read({ count: 10 })).length, 2);
  });

  test("requests that have not ended are kept however old; ended ones go, page after page", async (t) => {
    const s = setUp(t);
    const kept = [
      request("pending-old", "pending", 400),
      request("approved-old", "approved", 400),
      request("running-old", "running", 400),
      request("ended-recently", "failed", 400, 179),
    ];
    const gone = [
      request("succeeded-old", "succeeded", 300, 299),
      request("rejected-old", "rejected", 300, 300),
      request("expired-old", "expired", 250, 250),
      // Stored before `finishedAt` existed: its latest timestamp (the decision) says when it ended.
      {
        ...request("cancelled-legacy", "cancelled", 260),
        decision: { by: { platform: "slack", id: "U2" }, at: at(259) },
      },
    ];
    // Interleaved by creation time, so a page of 2 holds both kinds and kept ones must be skipped.
    for (const r of [kept[0], gone[0], kept[1], gone[1], kept[2], gone[2], kept[3], gone[3]]) {
      await s.requests.create(r as BackupRequest);
    }
    const report = await s.prune(180, 365, 2);
    assert.equal(report.requestsRemoved, 4);
    assert.equal(report.requestsKept, 4);
    for (const r of kept) assert.equal((await s.requests.get(r.id))?.status, r.status, `${r.id} is kept`);
    for (const r of gone) assert.equal(await s.requests.get(r.id), undefined, `${r.id} is removed`);
    assert.deepEqual((await s.requests.listActive()).map((r) => r.id).sort(), [
      "approved-old",
      "running-old",
    ]);
    assert.deepEqual(
      (await s.requests.listExpired(new Date(NOW))).map((r) => r.id),
      ["pending-old"],
      "a pending request past its expiry is the expiry sweep's, not the pruner's",
    );
    assert.equal(await s.redis.zcard(`${s.prefix}:requests:by-created`), 4);
    // Nothing more to do: a second run removes nothing.
    assert.equal((await s.prune(180, 365, 2)).requestsRemoved, 0);
  });

  test("the audit stream loses only entries older than its cutoff; once markers live as long", async (t) => {
    const s = setUp(t);
    const realNow = Date.now();
    const clock: Clock = { now: () => new Date(realNow) };
    // 250 entries appended 400 days ago (explicit stream ids: Redis's own ms), then 3 of today's.
    const oldStart = realNow - 400 * DAY;
    for (let i = 0; i < 250; i++) {
      await s.redis.xadd(
        `${s.prefix}:audit`,
        `${oldStart + i}-0`,
        "at",
        new Date(oldStart + i).toISOString(),
        "action",
        "request.created",
        "actor",
        "U1",
        "correlationId",
        `old-${i}`,
      );
    }
    const today = [];
    for (let i = 0; i < 3; i++) {
      today.push(
        await s.audit.append({
          at: new Date(realNow).toISOString(),
          action: "request.created",
          actor: "U1",
          correlationId: `new-${i}`,
        }),
      );
    }
    const report = await pruneHistory({
      requests: s.requests,
      audit: s.audit,
      clock,
      keepRequestsDays: 180,
      keepAuditDays: 365,
    });

    const left = await s.redis.xrange(`${s.prefix}:audit`, "-", "+");
    const cutoff = realNow - 365 * DAY;
    const older = left.filter(([id]) => Number(id.split("-")[0]) < cutoff);
    const newer = left.filter(([id]) => Number(id.split("-")[0]) >= cutoff);
    assert.deepEqual(
      newer.map(([id]) => id),
      today,
      "every entry within the retention stays",
    );
    assert.equal(report.auditEntriesRemoved, 250 - older.length);
    // `~` frees whole stream nodes (100 entries by default): at most one node's worth of old entries
    // waits for its neighbours; the rest are gone.
    assert.ok(older.length < 100, `${older.length} old entries left`);
    assert.ok(report.auditEntriesRemoved >= 150);

    // A once marker is remembered as long as the entry it guards: KURA_KEEP_AUDIT_DAYS.
    const week = new RedisAuditLog({ redis: s.redis, prefix: s.prefix, onceKeepDays: 7 });
    await week.append(
      { at: new Date(realNow).toISOString(), action: "azure.stop", actor: "kura", correlationId: "r1" },
      { once: "r1:azure.stop" },
    );
    const ttl = await s.redis.ttl(`${s.prefix}:audit:once:r1:azure.stop`);
    assert.ok(ttl > 6 * 86_400 && ttl <= 7 * 86_400, `marker TTL ${ttl} s`);
  });
});
