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
 * - `<prefix>:outbox:*`                events written with their transition (redis-event-outbox.ts)
 * - `<prefix>:delivery:…`              the request's chat card state (redis-delivery-state.ts)
 *
 * Requests are history, kept for a set time after they end: `pruneEnded` (the worker's
 * `prune-history` maintenance, `KURA_KEEP_REQUESTS_DAYS`) removes an ended request with its index
 * entries, outbox events and delivery keys in one script. Keys sit under one prefix; on Redis
 * Cluster, give the prefix a hash tag (`{kura}`) so the scripts' keys share a slot.
 */

import type {
  BackupRequest,
  PrunePage,
  RequestPatch,
  RequestStatus,
  RequestStore,
} from "../commands/ports/requests.ts";
import { hasEndedBefore } from "../commands/requests/prune-history.ts";
import type { RedisClient } from "./redis-connection.ts";
import { requestDeliveryKeys } from "./redis-delivery-state.ts";
import { OUTBOX_CAP, outboxKeys } from "./redis-event-outbox.ts";
import { ACTIVE, applyPatch, COMPARE_AND_SET, CREATE, indexArgs, PRUNE } from "./request-store-scripts.ts";
import { StoreError } from "./store-error.ts";

export interface RedisRequestStoreOptions {
  redis: RedisClient;
  /** e.g. `kura`; keys are `<prefix>:request:<id>` and so on. */
  prefix: string;
  /**
   * How many times `transition` re-reads and retries when another writer changed the request between
   * its read and its write. Each retry means someone else's write landed, so contention ends quickly.
   * @defaultValue 100
   */
  maxTransitionAttempts?: number;
}

export class RedisRequestStore implements RequestStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #maxAttempts: number;
  /**
   * The JSON each request this store handed out was read from (or written as): a transition given
   * such a request compares against it instead of reading the request again, which spares a Redis
   * round trip on the worker's way from a job to Azure.
   */
  readonly #rawOf = new WeakMap<BackupRequest, string>();

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
    return raw === null ? undefined : this.#parse(raw);
  }

  async transition(
    target: string | BackupRequest,
    from: readonly RequestStatus[],
    patch: RequestPatch,
    event?: (next: BackupRequest) => { id: string },
  ): Promise<BackupRequest | undefined> {
    const outbox = outboxKeys(this.#prefix);
    const id = typeof target === "string" ? target : target.id;
    // A request this store handed out is tried as it was read; if it changed since, the write
    // below finds out (it compares the whole document) and the loop reads it afresh.
    let remembered = typeof target === "string" ? undefined : this.#rawOf.get(target);
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++, remembered = undefined) {
      const raw = remembered ?? (await this.#redis.get(this.#requestKey(id)));
      if (raw === null) return undefined;
      const current = parse(raw);
      // Only the stored request may refuse: a remembered one may be out of date.
      if (!from.includes(current.status)) {
        if (remembered !== undefined) continue;
        return undefined;
      }
      const next = applyPatch(current, patch);
      const json = JSON.stringify(next);
      const outgoing = event?.(next);
      const written = await COMPARE_AND_SET.run(
        this.#redis,
        [
          this.#requestKey(id),
          this.#vmKey(current.vmName),
          this.#vmKey(next.vmName),
          this.#activeKey(),
          this.#pendingKey(),
          this.#byCreatedKey(),
          outbox.events,
          outbox.pending,
        ],
        [
          raw,
          json,
          id,
          ...indexArgs(next),
          outgoing?.id ?? "",
          outgoing ? JSON.stringify(outgoing) : "",
          Date.now(),
          OUTBOX_CAP,
        ],
      );
      // Hand back exactly what `get` will return (cleared fields gone, not `undefined`).
      if (written === 1) return this.#parse(json);
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

  async pruneEnded(endedBefore: Date, page: { limit: number; offset: number }): Promise<PrunePage> {
    // Created before the cutoff is necessary for having ended before it: only those are looked at.
    const ids = await this.#redis.zrangebyscore(
      this.#byCreatedKey(),
      "-inf",
      `(${endedBefore.getTime()}`,
      "LIMIT",
      page.offset,
      page.limit,
    );
    if (ids.length === 0) return { looked: 0, removed: 0 };
    const raws = await this.#redis.mget(ids.map((id) => this.#requestKey(id)));
    const outbox = outboxKeys(this.#prefix);
    let outboxIds: string[] | undefined;
    let removed = 0;
    for (const [i, id] of ids.entries()) {
      const raw = raws[i] ?? null;
      if (raw === null) {
        // An index entry whose request is gone (another pruner just removed it): drop the entry.
        removed += await this.#redis.zrem(this.#byCreatedKey(), id);
        continue;
      }
      const request = parse(raw);
      if (!hasEndedBefore(request, endedBefore)) continue;
      // Event ids start with the request id (`<id>:<version>:<type>`); the outbox is acked at once and
      // capped, so reading its index once per page is small.
      outboxIds ??= await this.#redis.zrange(outbox.pending, 0, -1);
      const events = outboxIds.filter((eventId) => eventId.startsWith(`${id}:`));
      const done = await PRUNE.run(
        this.#redis,
        [
          this.#requestKey(id),
          this.#byCreatedKey(),
          this.#vmKey(request.vmName),
          this.#activeKey(),
          this.#pendingKey(),
          outbox.events,
          outbox.pending,
          ...requestDeliveryKeys(this.#prefix, id),
        ],
        [raw, id, ...events],
      );
      removed += Number(done);
    }
    return { looked: ids.length, removed };
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
    return raws.filter((raw): raw is string => raw !== null).map((raw) => this.#parse(raw));
  }

  #parse(raw: string): BackupRequest {
    const request = parse(raw);
    this.#rawOf.set(request, raw);
    return request;
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

function parse(raw: string): BackupRequest {
  return JSON.parse(raw) as BackupRequest;
}
