import type { Writable } from "node:stream";
import type { KuraConfig } from "../config.ts";
import { RedisAuditLog } from "../store/redis-audit-log.ts";
import { createRedisConnection } from "../store/redis-connection.ts";

/**
 * `node src/main.ts audit-export > audit.jsonl`: the whole audit trail (who asked, who decided, every
 * Azure write kura made), oldest first, one JSON object per line. Needs only Redis, so it can run
 * beside a live kura without touching Azure or the queues.
 */
export async function exportAudit(config: Readonly<KuraConfig>, out: Writable): Promise<number> {
  const redis = createRedisConnection(config.redis.url, {
    connectionName: "kura-audit-export",
    cluster: config.redis.cluster,
  });
  try {
    const audit = new RedisAuditLog({ redis, prefix: config.redis.prefix });
    let count = 0;
    for await (const line of audit.exportJsonLines()) {
      if (!out.write(`${line}\n`)) await new Promise((resolve) => out.once("drain", resolve));
      count += 1;
    }
    return count;
  } finally {
    await redis.quit();
  }
}
