/**
 * Creates ioredis connections for kura's stores and BullMQ: a `Redis` for one server, or a `Cluster`
 * when the deployment runs on Redis Cluster (`KURA_REDIS_CLUSTER`).
 *
 * Two roles, because they fail differently:
 * - `command`: request store, audit log, locks, ARM budget and BullMQ `Queue`s. A command fails after
 *   a few reconnect attempts instead of waiting forever, so a chat handler answers "try again" rather
 *   than hanging past Slack's 3 s.
 * - `blocking`: BullMQ `Worker`s and anything else that blocks (BRPOPLPUSH, XREAD BLOCK).
 *   `maxRetriesPerRequest: null` is what BullMQ requires there: a worker must ride out a Redis restart.
 *   For a `Cluster`, BullMQ checks the per-node `redisOptions`, so the setting goes there.
 *
 * No `keyPrefix`: BullMQ refuses clients that have one, and every store takes its prefix explicitly,
 * so one connection can serve all of them and queues use BullMQ's own `prefix` option. On a cluster
 * that prefix carries a hash tag (`{kura}`): every key of kura's then hashes to one slot, which is what
 * BullMQ's scripts and kura's own multi-key scripts need (the configuration refuses a prefix without).
 */
import type { ConnectionOptions as TlsOptions } from "node:tls";
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";

export type RedisRole = "command" | "blocking";

/** What every store and queue takes: one Redis server, or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

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
  /**
   * Connect as a Redis Cluster client: the URL names one node (any), the others are discovered.
   * @defaultValue false
   */
  cluster?: boolean;
  /**
   * Extra TLS settings for `rediss://` (a private CA, say). The server name is the URL's host.
   * @defaultValue none: Node's trusted CAs
   */
  tls?: TlsOptions;
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
    ...(options.tls ? { tls: options.tls } : {}),
  };
}

/**
 * The ioredis Cluster options for a role and seed URL. The URL's credentials go to every node; with
 * `rediss://`, TLS too, with the seed's host name as the server name, and `dnsLookup` leaves host
 * names alone: managed clusters (Azure Cache for Redis, ElastiCache) present a certificate for the
 * cache's name, not for the node addresses `CLUSTER SLOTS` hands out.
 */
export function clusterOptions(url: string, options: RedisConnectionOptions = {}): ClusterOptions {
  const seed = new URL(url);
  const node = redisOptions(options);
  const tls = seed.protocol === "rediss:" ? { servername: seed.hostname, ...options.tls } : undefined;
  return {
    clusterRetryStrategy: reconnectDelay,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...(tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    redisOptions: {
      connectionName: node.connectionName,
      maxRetriesPerRequest: node.maxRetriesPerRequest,
      ...(seed.username ? { username: decodeURIComponent(seed.username) } : {}),
      ...(seed.password ? { password: decodeURIComponent(seed.password) } : {}),
      ...(tls ? { tls } : {}),
    },
  };
}

/**
 * Opens a connection to `url` (`redis://[[user]:password@]host:port[/db]` or `rediss://` for TLS); a
 * `Cluster` when `options.cluster` is set (then the URL names one seed node and the database is 0).
 * The URL may carry a password: never log it; log `describeRedisUrl(url)` instead.
 */
export function createRedisConnection(
  url: string,
  options: RedisConnectionOptions & { cluster: true },
): Cluster;
export function createRedisConnection(
  url: string,
  options?: RedisConnectionOptions & { cluster?: false },
): Redis;
export function createRedisConnection(url: string, options?: RedisConnectionOptions): RedisClient;
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): RedisClient {
  if (options.cluster) {
    const seed = new URL(url);
    return new Cluster(
      [{ host: seed.hostname.replace(/^\[|\]$/g, ""), port: Number(seed.port || 6379) }],
      clusterOptions(url, options),
    );
  }
  return new Redis(url, redisOptions(options));
}

/**
 * The servers whose keyspace together is the whole of `client`'s: the client itself, or each master
 * of a cluster. SCAN sees one server's keys only, so a scan over every key walks these.
 */
export function keyspaceNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes("master") : [client];
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
