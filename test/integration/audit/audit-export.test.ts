import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { RedisAuditLog } from "../../../src/store/redis-audit-log.ts";
import { removeKeys, TEST_REDIS_URL, useRedis } from "../../helpers/redis.ts";

const run = promisify(execFile);

describe("node src/main.ts audit-export", () => {
  it("prints the whole audit trail oldest first as JSON lines, and nothing else", async (t) => {
    const { redis, onCleanup } = useRedis(t);
    // A prefix kura's configuration accepts (no ':'), cleaned like the helper's own.
    const prefix = `kuratest-${randomBytes(5).toString("hex")}`;
    onCleanup(async () => {
      await removeKeys(redis, prefix);
    });
    const audit = new RedisAuditLog({ redis, prefix });
    const actions = ["request.created", "request.approved", "azure.resume", "azure.trigger", "azure.stop"];
    for (const [i, action] of actions.entries()) {
      await audit.append({
        at: new Date(Date.UTC(2026, 10, 26, 3, i)).toISOString(),
        action,
        actor: i < 2 ? "U-alice" : "kura",
        correlationId: "b-0123456789",
        vmName: "web-01",
        detail: { step: i },
      });
    }

    const { stdout } = await run(process.execPath, ["src/main.ts", "audit-export"], {
      env: { ...process.env, REDIS_URL: TEST_REDIS_URL, KURA_REDIS_PREFIX: prefix, KURA_LOG_LEVEL: "silent" },
    });

    const lines = stdout.trimEnd().split("\n");
    const entries = lines.map((line) => JSON.parse(line) as { action: string; detail?: { step: number } });
    assert.deepEqual(
      entries.map((e) => e.action),
      actions,
    );
    assert.deepEqual(
      entries.map((e) => e.detail?.step),
      [0, 1, 2, 3, 4],
    );
  });
});
