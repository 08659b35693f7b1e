/**
 * `RequestStore` on Redis. Every request is one JSON string; indexes are kept in the same Lua script
 * that writes it, so a reader never sees a request without its index entries (or the reverse).
 *
 * Key layout (all under the `prefix` given):
 * - `<prefix>:request:<id>`            the request as JSON
 * - `<prefix>:requests:by-created`     sorted set of every id, scored by createdAt (ms)
 * - `<prefix>:requests:vm:<vm>`        the same per VM name, lower-cased (Azure names are case-insensitive)
 * - `<prefix>:requests:active`         set of ids in `approved` or `running`
 * - `<prefix>:requests:pending-expiry` sorted set of `pending` ids, scored by expiresAt (ms)
 *
 * Nothing here expires: requests are history. Keys sit under one prefix; on Redis Cluster, give the
 * prefix a hash tag (`{kura}`) so the scripts' keys share a slot.
 */
import type { Redis } from "ioredis";
import type { BackupRequest, RequestPatch, RequestStatus, RequestStore } from "../commands/ports/requests.ts";
import { LuaScript } from "./lua-script.ts";
import { StoreError } from "./store-error.ts";

export interface RedisRequestStoreOptions {
  redis: Redis;
  /** e.g. `kura`; keys are `<prefix>:request:<id>` and so on. */
  prefix: string;
  /**
   * How many times `transition` re-reads and retries when another writer changed the request between
   * its read and its write. Each retry means someone else's write landed, so contention ends quickly.
   * @defaultValue 100
   */
  maxTransitionAttempts?: number;
}

const ACTIVE: readonly RequestStatus[] = ["approved", "running"];

/** KEYS: request, by-created, vm, active, pending. ARGV: json, id, createdMs, active?, pending?, expiresMs. */
const CREATE = new LuaScript(
  `if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
if ARGV[4] == '1' then redis.call('SADD', KEYS[4], ARGV[2]) end
if ARGV[5] == '1' then redis.call('ZADD', KEYS[5], ARGV[6], ARGV[2]) end
return 1`,
  5,
);

/**
 * Compare-and-set on the stored string itself: the write lands only if the request is byte-for-byte
 * what the caller read. No JSON parsing in Lua (cjson would turn `[]` into `{}`), and no WATCH, which
 * breaks when several callers share one connection (one EXEC unwatches everybody's keys).
 * KEYS: request, old vm, new vm, active, pending, by-created.
 * ARGV: expected json, new json, id, createdMs, active?, pending?, expiresMs.
 */
const COMPARE_AND_SET = new LuaScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if KEYS[2] ~= KEYS[3] then
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
end
if ARGV[5] == '1' then redis.call('SADD', KEYS[4], ARGV[3]) else redis.call('SREM', KEYS[4], ARGV[3]) end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[5], ARGV[7], ARGV[3]) else redis.call('ZREM', KEYS[5], ARGV[3]) end
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[3])
return 1`,
  6,
);

export class RedisRequestStore implements RequestStore {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #maxAttempts: number;

  constructor(options: RedisRequestStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#maxAttempts = options.maxTransitionAttempts ?? 100;
  }

  async create(request: BackupRequest): Promise<void> {
    const created = await CREATE.run(
      this.#redis,
      [
        this.#requestKey(request.id),
        this.#byCreatedKey(),
        this.#vmKey(request.vmName),
        this.#activeKey(),
        this.#pendingKey(),
      ],
      [JSON.stringify(request), request.id, ...indexArgs(request)],
    );
    if (created !== 1) {
      throw new StoreError("REQUEST_EXISTS", `A request with id ${request.id} already exists.`);
    }
  }

  async get(id: string): Promise<BackupRequest | undefined> {
    const raw = await this.#redis.get(this.#requestKey(id));
    return raw === null ? undefined : parse(raw);
  }

  async transition(
    id: string,
    from: readonly RequestStatus[],
    patch: RequestPatch,
  ): Promise<BackupRequest | undefined> {
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const raw = await this.#redis.get(this.#requestKey(id));
      if (raw === null) return undefined;
      const current = parse(raw);
      if (!from.includes(current.status)) return undefined;
      const next = applyPatch(current, patch);
      const json = JSON.stringify(next);
      const written = await COMPARE_AND_SET.run(
        this.#redis,
        [
          this.#requestKey(id),
          this.#vmKey(current.vmName),
          this.#vmKey(next.vmName),
          this.#activeKey(),
          this.#pendingKey(),
          this.#byCreatedKey(),
        ],
        [raw, json, id, ...indexArgs(next)],
      );
      // Hand back exactly what `get` will return (cleared fields gone, not `undefined`).
      if (written === 1) return parse(json);
      // Someone else wrote in between: read again and re-check `from` against what they wrote.
    }
    throw new StoreError(
      "STORE_CONTENDED",
      `Request ${id} kept changing under ${this.#maxAttempts} attempts to update it.`,
      "Retry later; if it persists, look for a process updating this request in a loop.",
    );
  }

  async listByVm(vmName: string, limit: number): Promise<BackupRequest[]> {
    return this.#newestFirst(this.#vmKey(vmName), limit);
  }

  async listRecent(limit: number): Promise<BackupRequest[]> {
    return this.#newestFirst(this.#byCreatedKey(), limit);
  }

  async listActive(): Promise<BackupRequest[]> {
    const ids = await this.#redis.smembers(this.#activeKey());
    const requests = await this.#load(ids);
    // Indexes and documents are written together, but filter anyway so a caller can trust the status.
    return requests
      .filter((request) => ACTIVE.includes(request.status))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  async listExpired(now: Date): Promise<BackupRequest[]> {
    const ids = await this.#redis.zrangebyscore(this.#pendingKey(), "-inf", now.getTime());
    const requests = await this.#load(ids);
    return requests.filter((request) => request.status === "pending");
  }

  async #newestFirst(key: string, limit: number): Promise<BackupRequest[]> {
    if (limit <= 0) return [];
    const ids = await this.#redis.zrevrange(key, 0, limit - 1);
    return this.#load(ids);
  }

  /** MGET in index order; an id whose document is missing is skipped rather than failing the list. */
  async #load(ids: string[]): Promise<BackupRequest[]> {
    if (ids.length === 0) return [];
    const raws = await this.#redis.mget(ids.map((id) => this.#requestKey(id)));
    return raws.filter((raw): raw is string => raw !== null).map(parse);
  }

  #requestKey(id: string): string {
    return `${this.#prefix}:request:${id}`;
  }
  #byCreatedKey(): string {
    return `${this.#prefix}:requests:by-created`;
  }
  #vmKey(vmName: string): string {
    return `${this.#prefix}:requests:vm:${vmName.toLowerCase()}`;
  }
  #activeKey(): string {
    return `${this.#prefix}:requests:active`;
  }
  #pendingKey(): string {
    return `${this.#prefix}:requests:pending-expiry`;
  }
}

/** The index arguments both scripts share: createdMs, active?, pending?, expiresMs. */
function indexArgs(request: BackupRequest): string[] {
  return [
    String(timestamp(request.createdAt, "createdAt")),
    ACTIVE.includes(request.status) ? "1" : "0",
    request.status === "pending" ? "1" : "0",
    String(timestamp(request.expiresAt, "expiresAt")),
  ];
}

function timestamp(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new StoreError("REQUEST_INVALID", `The request's ${field} is not a date.`);
  return ms;
}

/**
 * The patch over the current request, with `version` bumped. An optional field patched to `undefined`
 * is removed (JSON drops it), which is how a caller clears `progress`; required fields can't be
 * cleared that way, and identity fields are kept even if a caller slips them in at run time.
 */
function applyPatch(current: BackupRequest, patch: RequestPatch): BackupRequest {
  const next: BackupRequest = { ...current, ...patch, id: current.id, createdAt: current.createdAt };
  next.version = current.version + 1;
  next.status = patch.status ?? current.status;
  next.vmName = patch.vmName ?? current.vmName;
  next.vault = patch.vault ?? current.vault;
  next.retentionDays = patch.retentionDays ?? current.retentionDays;
  next.requester = patch.requester ?? current.requester;
  next.conversation = patch.conversation ?? current.conversation;
  next.expiresAt = patch.expiresAt ?? current.expiresAt;
  return next;
}

function parse(raw: string): BackupRequest {
  return JSON.parse(raw) as BackupRequest;
}
