/**
 * What kura keeps in Redis under one prefix, by kind of key: how many keys, their bytes (`MEMORY USAGE`)
 * and how many carry no TTL. For benchmarks that watch Redis over a long run (bench/soak.ts).
 *
 * A key's kind is the key with its ids replaced by `*` (`bull:kura-lifecycle:*`, `req:*`, `idem:*`):
 * segments that hold a digit or an escape (`%`) are ids, names of queues and stores hold none. Large
 * kinds are measured on a random sample of their keys and scaled up (exact below `sampleSize` keys).
 * `REDIS_GROUPS` says what bounds each kind (a retention setting, a TTL, the fleet, or nothing).
 */
import type { RedisClient } from "../src/store/redis-connection.ts";
import { keysUnder } from "../test/helpers/redis.ts";

export interface KindFootprint {
  keys: number;
  bytes: number;
  /** Keys without a TTL (they stay until something deletes them). */
  withoutTtl: number;
  /** The longest TTL seen among the measured keys, in seconds (-1: none had one). */
  maxTtlSeconds: number;
  /** True when bytes and TTLs come from a sample of the keys, scaled up. */
  sampled: boolean;
}

export interface Footprint {
  keys: number;
  bytes: number;
  kinds: Record<string, KindFootprint>;
}

/** The key's kind: its segments after the prefix, ids replaced by `*`. */
export function keyKind(key: string, prefix: string): string {
  const rest = key.startsWith(`${prefix}:`) ? key.slice(prefix.length + 1) : key;
  return rest
    .split(":")
    .map((segment) => (/[\d%]/.test(segment) ? "*" : segment))
    .join(":")
    .replace(/(\*:)+\*/g, "*");
}

function sample<T>(items: T[], size: number): T[] {
  if (items.length <= size) return items;
  const copy = [...items];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, size);
}

export async function redisFootprint(
  redis: RedisClient,
  prefix: string,
  sampleSize = 300,
): Promise<Footprint> {
  const byKind = new Map<string, string[]>();
  for (const key of await keysUnder(redis, prefix)) {
    const kind = keyKind(key, prefix);
    const keys = byKind.get(kind) ?? [];
    keys.push(key);
    byKind.set(kind, keys);
  }
  const kinds: Record<string, KindFootprint> = {};
  let keys = 0;
  let bytes = 0;
  for (const [kind, all] of [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const measured = sample(all, sampleSize);
    const pipeline = redis.pipeline();
    // SAMPLES 0: every element of a hash, list, set or stream (exact; a big stream costs a few ms).
    for (const key of measured) pipeline.memory("USAGE", key, "SAMPLES", 0).ttl(key);
    const answers = (await pipeline.exec()) ?? [];
    let measuredBytes = 0;
    let noTtl = 0;
    let maxTtl = -1;
    for (let i = 0; i < answers.length; i += 2) {
      measuredBytes += Number(answers[i]?.[1] ?? 0);
      const ttl = Number(answers[i + 1]?.[1] ?? -1);
      if (ttl === -1) noTtl++;
      else if (ttl > maxTtl) maxTtl = ttl;
    }
    const scale = all.length / Math.max(1, measured.length);
    const kindBytes = Math.round(measuredBytes * scale);
    kinds[kind] = {
      keys: all.length,
      bytes: kindBytes,
      withoutTtl: Math.round(noTtl * scale),
      maxTtlSeconds: maxTtl,
      sampled: measured.length < all.length,
    };
    keys += all.length;
    bytes += kindBytes;
  }
  return { keys, bytes, kinds };
}

/**
 * What bounds each kind of key kura keeps (bench/redis-footprint.ts's kinds), in report order: a
 * retention setting (count or age), a TTL, the fleet (one per VM), or nothing by design.
 */
export const REDIS_GROUPS: { name: string; bound: string; match: (kind: string) => boolean }[] = [
  {
    name: "finished lifecycle jobs",
    bound: "`KURA_KEEP_FINISHED_JOBS_HOURS` (24 h, by age)",
    match: (k) => /^bull:[^:]*lifecycle:\*(:logs)?$/.test(k),
  },
  {
    name: "notification events",
    bound: "`KURA_KEEP_EVENTS` delivered ones per platform queue (by count); waiting ones until delivered",
    match: (k) => /^bull:[^:]*notify[^:]*:\*(:logs)?$/.test(k),
  },
  {
    name: "maintenance jobs",
    bound: "`KURA_KEEP_MAINTENANCE_JOBS` finished ones (by count); waiting ones until run",
    match: (k) => /^bull:[^:]*maintenance:\*(:logs)?$/.test(k),
  },
  {
    name: "idempotency keys",
    bound: "`KURA_KEEP_IDEMPOTENCY_HOURS` (TTL)",
    match: (k) => k.startsWith("idem:"),
  },
  {
    name: "audit once-markers",
    bound: "`KURA_KEEP_AUDIT_DAYS` (TTL, 365 days)",
    match: (k) => k.startsWith("audit:once:"),
  },
  {
    name: "requests",
    bound: "`KURA_KEEP_REQUESTS_DAYS` after they end (180 days; the request store is the history until then)",
    match: (k) => k === "request:*" || k === "requests:by-created",
  },
  {
    name: "audit stream",
    bound: "`KURA_KEEP_AUDIT_DAYS` (by age, 365 days)",
    match: (k) => k === "audit",
  },
  {
    name: "per-VM indexes",
    bound: "one per VM (the fleet); here every request has a VM of its own",
    match: (k) => k === "requests:vm:*" || k.startsWith("gc:"),
  },
  { name: "everything else", bound: "queues' own keys, locks, budgets", match: () => true },
];

/** A footprint's keys and bytes by `REDIS_GROUPS` entry. */
export function byGroup(footprint: Footprint): Record<string, { keys: number; bytes: number }> {
  const groups: Record<string, { keys: number; bytes: number }> = {};
  for (const group of REDIS_GROUPS) groups[group.name] = { keys: 0, bytes: 0 };
  for (const [kind, f] of Object.entries(footprint.kinds)) {
    const group = REDIS_GROUPS.find((g) => g.match(kind));
    const into = group ? groups[group.name] : undefined;
    if (!into) continue;
    into.keys += f.keys;
    into.bytes += f.bytes;
  }
  return groups;
}
