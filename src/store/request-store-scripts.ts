/**
 * The request store's Lua scripts and the pure helpers around them (index arguments, patching),
 * kept apart from the store's Redis calls so each file reads on its own.
 */
import type { BackupRequest, RequestPatch, RequestStatus } from "../commands/ports/requests.ts";
import { LuaScript } from "./lua-script.ts";
import { requestDeliveryKeys } from "./redis-delivery-state.ts";
import { StoreError } from "./store-error.ts";

export const ACTIVE: readonly RequestStatus[] = ["approved", "running"];

/** The prune script's keys: the request, its 4 indexes, the outbox's 2, then its delivery keys. */
const PRUNE_KEYS = 7 + requestDeliveryKeys("", "").length;

/** KEYS: request, by-created, vm, active, pending. ARGV: json, id, createdMs, active?, pending?, expiresMs. */
export const CREATE = new LuaScript(
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
 * With an event id, the event is appended to the outbox in the same script (redis-event-outbox.ts),
 * dropping the oldest entries beyond the cap.
 * KEYS: request, old vm, new vm, active, pending, by-created, outbox events, outbox pending.
 * ARGV: expected json, new json, id, createdMs, active?, pending?, expiresMs, event id ('' for none),
 * event json, now ms, outbox cap.
 */
export const COMPARE_AND_SET = new LuaScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if KEYS[2] ~= KEYS[3] then
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
end
if ARGV[5] == '1' then redis.call('SADD', KEYS[4], ARGV[3]) else redis.call('SREM', KEYS[4], ARGV[3]) end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[5], ARGV[7], ARGV[3]) else redis.call('ZREM', KEYS[5], ARGV[3]) end
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[3])
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[7], ARGV[8], ARGV[9])
  redis.call('ZADD', KEYS[8], ARGV[10], ARGV[8])
  local over = redis.call('ZCARD', KEYS[8]) - tonumber(ARGV[11])
  if over > 0 then
    for i, popped in ipairs(redis.call('ZPOPMIN', KEYS[8], over)) do
      if i % 2 == 1 then redis.call('HDEL', KEYS[7], popped) end
    end
  end
end
return 1`,
  8,
);

/**
 * Compare-and-delete: removes an ended request only if it is byte-for-byte what the caller read and
 * judged ended (so a request that changed in between is kept), with its index entries, its events
 * still in the outbox, and every other key under its id (its chat delivery state).
 * KEYS: request, by-created, vm, active, pending, outbox events, outbox pending, then the side keys.
 * ARGV: expected json, id, then the outbox event ids of this request.
 */
export const PRUNE = new LuaScript(
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('SREM', KEYS[4], ARGV[2])
redis.call('ZREM', KEYS[5], ARGV[2])
for i = 3, #ARGV do
  redis.call('HDEL', KEYS[6], ARGV[i])
  redis.call('ZREM', KEYS[7], ARGV[i])
end
for i = 8, #KEYS do redis.call('DEL', KEYS[i]) end
return 1`,
  PRUNE_KEYS,
);

/** The index arguments both scripts share: createdMs, active?, pending?, expiresMs. */
export function indexArgs(request: BackupRequest): string[] {
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
export function applyPatch(current: BackupRequest, patch: RequestPatch): BackupRequest {
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
