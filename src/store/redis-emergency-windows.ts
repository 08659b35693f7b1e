/**
 * Emergency GC window requests and windows on Redis (`EmergencyStore`, which includes the
 * `EmergencyWindows` port ProtectionIntent reads).
 *
 * - `<prefix>:emergency:<id>` hash { json, status, version }: the request.
 * - `<prefix>:emergency:vm:<vm name, lower case>` set of approved request ids: what `list` reads.
 * - `<prefix>:emergency:pending` sorted set id → expiry (ms): what `listExpired` reads.
 * A transition is one Lua script (compare status and version, write, move between the sets), so
 * two approvers, or two worker processes closing one window, can never both succeed. Creating is one
 * script too: a request is stored whole (json, status, version, expiry entry) or not at all, never as a
 * hash without a status that no transition could move and no expiry would find.
 */

import type {
  EmergencyPatch,
  EmergencyRequest,
  EmergencyStatus,
  EmergencyStore,
} from "../commands/gc/ports.ts";
import { LuaScript } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";
import { StoreError } from "./store-error.ts";

/** KEYS: request, vm set, pending set. ARGV: allowed statuses (`,`-joined), version, json, status, id. */
const TRANSITION = new LuaScript(
  `local state = redis.call('HMGET', KEYS[1], 'status', 'version')
if not state[1] then return 0 end
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == state[1] then allowed = true end end
if not allowed or state[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[3], 'status', ARGV[4], 'version', tostring(tonumber(ARGV[2]) + 1))
if ARGV[4] == 'approved' then redis.call('SADD', KEYS[2], ARGV[5]) else redis.call('SREM', KEYS[2], ARGV[5]) end
if ARGV[4] ~= 'pending' then redis.call('ZREM', KEYS[3], ARGV[5]) end
return 1`,
  3,
);

/** KEYS: request, pending set. ARGV: json, status, version, expiry (ms), id. → 1 created, 0 exists. */
const CREATE = new LuaScript(
  `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'json', ARGV[1], 'status', ARGV[2], 'version', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
return 1`,
  2,
);

/** Closed, rejected and expired requests stay readable this long (history), then Redis drops them. */
const KEEP_FINISHED_S = 90 * 86_400;

export class RedisEmergencyWindows implements EmergencyStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;

  constructor(options: { redis: RedisClient; prefix: string }) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
  }

  async create(request: EmergencyRequest): Promise<void> {
    const created = await CREATE.run(
      this.#redis,
      [this.#key(request.id), this.#pendingKey()],
      [
        JSON.stringify(request),
        request.status,
        String(request.version),
        Date.parse(request.expiresAt),
        request.id,
      ],
    );
    if (Number(created) !== 1)
      throw new StoreError("REQUEST_EXISTS", `Emergency window request ${request.id} exists.`);
  }

  async get(id: string): Promise<EmergencyRequest | undefined> {
    const json = await this.#redis.hget(this.#key(id), "json");
    return json ? (JSON.parse(json) as EmergencyRequest) : undefined;
  }

  async transition(
    id: string,
    from: readonly EmergencyStatus[],
    patch: EmergencyPatch,
  ): Promise<EmergencyRequest | undefined> {
    const current = await this.get(id);
    if (!current || !from.includes(current.status)) return undefined;
    const next: EmergencyRequest = { ...current, ...patch, version: current.version + 1 };
    const done = await TRANSITION.run(
      this.#redis,
      [this.#key(id), this.#vmKey(current.vmName), this.#pendingKey()],
      [from.join(","), String(current.version), JSON.stringify(next), next.status, id],
    );
    if (Number(done) !== 1) return undefined;
    if (next.status !== "pending" && next.status !== "approved") {
      await this.#redis.expire(this.#key(id), KEEP_FINISHED_S);
    }
    return next;
  }

  async list(vmName: string): Promise<{ vmName: string; opensAt: Date; closesAt: Date }[]> {
    const ids = await this.#redis.smembers(this.#vmKey(vmName));
    const requests = await Promise.all(ids.map((id) => this.get(id)));
    return requests.flatMap((r) =>
      r?.status === "approved" && r.opensAt && r.closesAt
        ? [{ vmName: r.vmName, opensAt: new Date(r.opensAt), closesAt: new Date(r.closesAt) }]
        : [],
    );
  }

  async listExpired(now: Date): Promise<EmergencyRequest[]> {
    const ids = await this.#redis.zrangebyscore(this.#pendingKey(), 0, now.getTime());
    const requests = await Promise.all(ids.map((id) => this.get(id)));
    return requests.filter((r): r is EmergencyRequest => r?.status === "pending");
  }

  #key(id: string): string {
    return `${this.#prefix}:emergency:${id}`;
  }
  #vmKey(vmName: string): string {
    return `${this.#prefix}:emergency:vm:${vmName.toLowerCase()}`;
  }
  #pendingKey(): string {
    return `${this.#prefix}:emergency:pending`;
  }
}
