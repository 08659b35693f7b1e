/**
 * `AuditLog` on a Redis stream, `<prefix>:audit`. A stream suits an audit trail: entries are
 * append-only, get a time-ordered id from Redis itself (no clock skew between processes), and can be
 * paged both ways without loading the whole log.
 *
 * Each entry's fields are flattened into the stream entry (`at`, `action`, `actor`, `correlationId`,
 * `vmName`), with `detail` as one JSON field, so `XRANGE` in redis-cli stays readable.
 */
import type { AppendOptions, AuditEntry, AuditLog } from "../commands/ports/audit.ts";
import { LuaScript } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

/**
 * How long a `once` key is remembered by default: as long as the entry it guards (the audit
 * retention, `KURA_KEEP_AUDIT_DAYS`), far longer than any lifecycle's retries.
 */
const ONCE_KEEP_DAYS_DEFAULT = 365;
/** Entries removed per `XTRIM` at most: each call stays short however large the backlog. */
const TRIM_STEP = 10_000;

/**
 * KEYS: stream, once-marker. ARGV: keep seconds, then XADD's arguments (trim options, `*`, fields).
 * Appends only if the marker is new, in one step, so a retry racing the original can't add twice.
 */
const APPEND_ONCE = new LuaScript(
  `if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then return false end
return redis.call('XADD', KEYS[1], unpack(ARGV, 2))`,
  2,
);

export interface RedisAuditLogOptions {
  redis: RedisClient;
  /** The stream is `<prefix>:audit`. */
  prefix: string;
  /**
   * Keep only about this many entries (`XADD … MAXLEN ~ n`): Redis trims whole nodes, so a few more
   * may stay. Unset in kura, which bounds the trail by age instead (`trimBefore`, run by the worker's
   * `prune-history` with `KURA_KEEP_AUDIT_DAYS`): a count would drop entries of requests still kept.
   */
  maxLength?: number;
  /**
   * Days a `once` marker is remembered: the audit retention (`KURA_KEEP_AUDIT_DAYS`), so a marker
   * lives as long as the entry it guards and no longer.
   * @defaultValue 365
   */
  onceKeepDays?: number;
  /**
   * Entries per `XRANGE` page while exporting.
   * @defaultValue 500
   */
  exportChunkSize?: number;
}

type StreamEntry = [id: string, fields: string[]];

export class RedisAuditLog implements AuditLog {
  readonly #redis: RedisClient;
  readonly #key: string;
  readonly #maxLength: number | undefined;
  readonly #chunkSize: number;
  readonly #onceKeepS: number;

  constructor(options: RedisAuditLogOptions) {
    this.#redis = options.redis;
    this.#key = `${options.prefix}:audit`;
    this.#maxLength = options.maxLength;
    this.#chunkSize = options.exportChunkSize ?? 500;
    this.#onceKeepS = (options.onceKeepDays ?? ONCE_KEEP_DAYS_DEFAULT) * 86_400;
  }

  async append(entry: AuditEntry, options: AppendOptions = {}): Promise<string | undefined> {
    const fields = toFields(entry);
    const trim = this.#maxLength === undefined ? [] : ["MAXLEN", "~", String(this.#maxLength)];
    if (options.once !== undefined) {
      // Note for Redis Cluster: the marker and the stream must share a slot (a `{…}` hash tag prefix).
      const marker = `${this.#key}:once:${options.once}`;
      const id = await APPEND_ONCE.run(
        this.#redis,
        [this.#key, marker],
        [this.#onceKeepS, ...trim, "*", ...fields],
      );
      return id === null ? undefined : String(id);
    }
    const id = await this.#redis.call("XADD", this.#key, ...trim, "*", ...fields);
    return String(id);
  }

  async read(options: { count: number; before?: string }): Promise<AuditEntry[]> {
    if (options.count <= 0) return [];
    // `(id` excludes the id itself, so a caller pages on with the last id it was given.
    const end = options.before === undefined ? "+" : `(${options.before}`;
    const entries = (await this.#redis.xrevrange(
      this.#key,
      end,
      "-",
      "COUNT",
      options.count,
    )) as StreamEntry[];
    return entries.map(fromStreamEntry);
  }

  /**
   * Stream ids are the milliseconds Redis appended at, so `XTRIM MINID` drops exactly what is older.
   * `~` lets Redis free whole nodes only (cheap; up to a node's worth of older entries may stay until
   * the node's last entry is old too), and `LIMIT` bounds each call, looped until nothing is left.
   */
  async trimBefore(before: Date): Promise<number> {
    let removed = 0;
    for (;;) {
      const trimmed = Number(
        await this.#redis.call(
          "XTRIM",
          this.#key,
          "MINID",
          "~",
          String(before.getTime()),
          "LIMIT",
          TRIM_STEP,
        ),
      );
      removed += trimmed;
      if (trimmed === 0) return removed;
    }
  }

  async *exportJsonLines(): AsyncIterable<string> {
    let start = "-";
    for (;;) {
      const entries = (await this.#redis.xrange(
        this.#key,
        start,
        "+",
        "COUNT",
        this.#chunkSize,
      )) as StreamEntry[];
      for (const entry of entries) yield JSON.stringify(fromStreamEntry(entry));
      const last = entries.at(-1);
      if (last === undefined || entries.length < this.#chunkSize) return;
      start = `(${last[0]}`;
    }
  }
}

function toFields(entry: AuditEntry): string[] {
  const fields = ["at", entry.at, "action", entry.action, "actor", entry.actor];
  fields.push("correlationId", entry.correlationId);
  if (entry.vmName !== undefined) fields.push("vmName", entry.vmName);
  if (entry.detail !== undefined) fields.push("detail", JSON.stringify(entry.detail));
  return fields;
}

function fromStreamEntry([id, fields]: StreamEntry): AuditEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] ?? "", fields[i + 1] ?? "");
  const entry: AuditEntry = {
    id,
    at: map.get("at") ?? "",
    action: map.get("action") ?? "",
    actor: map.get("actor") ?? "",
    correlationId: map.get("correlationId") ?? "",
  };
  const vmName = map.get("vmName");
  if (vmName !== undefined) entry.vmName = vmName;
  const detail = map.get("detail");
  if (detail !== undefined) entry.detail = JSON.parse(detail) as AuditEntry["detail"];
  return entry;
}
