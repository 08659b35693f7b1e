import assert from "node:assert/strict";
import { describe, type TestContext, test } from "node:test";
import type { AuditEntry, AuditLog } from "../../../src/commands/ports/audit.ts";
import { RedisAuditLog } from "../../../src/store/redis-audit-log.ts";
import { useRedis } from "../../helpers/redis.ts";

type MakeLog = (t: TestContext, options?: { exportChunkSize?: number }) => AuditLog;

const redisLog: MakeLog = (t, options = {}) => {
  const { redis, prefix } = useRedis(t);
  return new RedisAuditLog({ redis, prefix, ...options });
};

function entry(n: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date(Date.UTC(2026, 2, 1, 9, 0, n)).toISOString(),
    action: "azure.trigger",
    actor: "kura",
    correlationId: `req-${n}`,
    ...extra,
  };
}

async function collect(lines: AsyncIterable<string>): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const line of lines) out.push(JSON.parse(line) as AuditEntry);
  return out;
}

function auditLogConformance(name: string, make: MakeLog): void {
  describe(`AuditLog conformance: ${name}`, () => {
    test("append returns an id; read gives entries back newest first, fields intact", async (t) => {
      const log = make(t);
      const first = await log.append(
        entry(1, { vmName: "web-01", detail: { jobId: "j-1", percent: 40, ok: true, gone: undefined } }),
      );
      const second = await log.append(entry(2));
      assert.notEqual(first, second);
      const read = await log.read({ count: 10 });
      assert.deepEqual(
        read.map((e) => e.id),
        [second, first],
      );
      assert.deepEqual(read[1], {
        ...entry(1, { vmName: "web-01", detail: { jobId: "j-1", percent: 40, ok: true } }),
        id: first,
      });
      assert.deepEqual(read[0], { ...entry(2), id: second });
    });

    test("read pages backwards with `before`, never repeating an entry", async (t) => {
      const log = make(t);
      for (let n = 0; n < 7; n++) await log.append(entry(n));
      const pages: string[][] = [];
      let before: string | undefined;
      for (;;) {
        const page = await log.read({ count: 3, before });
        if (page.length === 0) break;
        pages.push(page.map((e) => e.correlationId));
        before = page.at(-1)?.id;
      }
      assert.deepEqual(pages, [["req-6", "req-5", "req-4"], ["req-3", "req-2", "req-1"], ["req-0"]]);
      assert.deepEqual(await log.read({ count: 0 }), []);
    });

    test("an entry appended `once` under a key is kept once, however often and concurrently it is appended", async (t) => {
      const log = make(t);
      const ids = await Promise.all(
        Array.from({ length: 6 }, () =>
          log.append(entry(1, { action: "azure.stop" }), { once: "req-1:azure.stop" }),
        ),
      );
      assert.equal(ids.filter((id) => id !== undefined).length, 1);
      await log.append(entry(1, { action: "azure.resume" }), { once: "req-1:azure.resume" });
      await log.append(entry(2, { action: "azure.stop" }), { once: "req-2:azure.stop" });
      const actions = (await log.read({ count: 10 })).map((e) => `${e.correlationId} ${e.action}`);
      assert.deepEqual(actions, ["req-2 azure.stop", "req-1 azure.resume", "req-1 azure.stop"]);
    });

    test("exportJsonLines gives every entry oldest first, across several chunks", async (t) => {
      const log = make(t, { exportChunkSize: 4 });
      const appended: string[] = [];
      for (let n = 0; n < 10; n++) appended.push(String(await log.append(entry(n, { detail: { n } }))));
      const exported = await collect(log.exportJsonLines());
      assert.deepEqual(
        exported.map((e) => e.id),
        appended,
      );
      assert.deepEqual(exported[9], { ...entry(9, { detail: { n: 9 } }), id: appended[9] });
    });

    test("exportJsonLines handles an exact multiple of the chunk size, and an empty log", async (t) => {
      const log = make(t, { exportChunkSize: 4 });
      assert.deepEqual(await collect(log.exportJsonLines()), []);
      for (let n = 0; n < 8; n++) await log.append(entry(n));
      assert.equal((await collect(log.exportJsonLines())).length, 8);
    });
  });
}

auditLogConformance("redis", redisLog);

describe("RedisAuditLog specifics", () => {
  test("entries are flattened stream fields with detail as JSON (readable in redis-cli)", async (t) => {
    const { redis, prefix } = useRedis(t);
    const log = new RedisAuditLog({ redis, prefix });
    const id = await log.append(entry(1, { vmName: "web-01", detail: { jobId: "j-1" } }));
    const raw = await redis.xrange(`${prefix}:audit`, "-", "+");
    assert.deepEqual(raw, [
      [
        id,
        [
          "at",
          entry(1).at,
          "action",
          "azure.trigger",
          "actor",
          "kura",
          "correlationId",
          "req-1",
          "vmName",
          "web-01",
          "detail",
          '{"jobId":"j-1"}',
        ],
      ],
    ]);
  });

  test("no trimming by default; maxLength trims approximately", async (t) => {
    const { redis, prefix } = useRedis(t);
    const full = new RedisAuditLog({ redis, prefix: `${prefix}:full` });
    const trimmed = new RedisAuditLog({ redis, prefix: `${prefix}:trimmed`, maxLength: 10 });
    for (let n = 0; n < 300; n++) {
      await full.append(entry(n));
      await trimmed.append(entry(n));
    }
    assert.equal(await redis.xlen(`${prefix}:full:audit`), 300);
    const kept = await redis.xlen(`${prefix}:trimmed:audit`);
    assert.ok(kept >= 10 && kept < 300, `kept ${kept}`);
    // The newest entries are always the ones kept.
    assert.equal((await trimmed.read({ count: 1 }))[0]?.correlationId, "req-299");
  });
});
