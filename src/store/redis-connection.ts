/**
 * Creates ioredis connections for kura's stores and BullMQ.
 *
 * Two roles, because they fail differently:
 * - `command`: request store, audit log, locks, rate limiter and BullMQ `Queue`s. A command fails after
 *   a few reconnect attempts instead of waiting forever, so a chat handler answers "try again" rather
 *   than hanging past Slack's 3 s.
 * - `blocking`: BullMQ `Worker`s and anything else that blocks (BRPOPLPUSH, XREAD BLOCK).
 *   `maxRetriesPerRequest: null` is what BullMQ requires there: a worker must ride out a Redis restart.
 *
 * No `keyPrefix`: BullMQ refuses clients that have one, and every store takes its prefix explicitly,
 * so one connection can serve all of them and queues use BullMQ's own `prefix` option.
 */
import { Redis, type RedisOptions } from "ioredis";

export type RedisRole = "command" | "blocking";

export interface RedisConnectionOptions {
  /** @defaultValue `"command"` */
  role?: RedisRole;
  /** Shown by `CLIENT LIST`, so an operator can tell bot, worker and emulator connections apart. */
  connectionName?: string;
  /**
   * For `command` connections: how many times a command is retried over reconnects before it fails.
   * @defaultValue 3
   */
  maxRetriesPerRequest?: number;
}

/** Reconnect with growing delays, capped, forever: a Redis restart must never end a process. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 8), 10_000);
}

/** The ioredis options for a role; exported so tests and BullMQ-created connections agree. */
export function redisOptions(options: RedisConnectionOptions = {}): RedisOptions {
  const role = options.role ?? "command";
  return {
    connectionName: options.connectionName,
    retryStrategy: reconnectDelay,
    // A blocking command is never retried by ioredis itself (BullMQ re-issues it); a normal one fails
    // after a few attempts so callers see an error instead of a silent queue of pending commands.
    maxRetriesPerRequest: role === "blocking" ? null : (options.maxRetriesPerRequest ?? 3),
    // Workers wait for Redis; command connections keep the offline queue too, so a command issued
    // during a short reconnect still runs (bounded by maxRetriesPerRequest).
    enableOfflineQueue: true,
    lazyConnect: false,
  };
}

/**
 * Opens a connection to `url` (`redis://[:password@]host:port[/db]` or `rediss://` for TLS).
 * The URL may carry a password: never log it; log `describeRedisUrl(url)` instead.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  return new Redis(url, redisOptions(options));
}

/** The URL without credentials, for logs and error messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "<invalid redis url>";
  }
}
