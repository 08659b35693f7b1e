/** The delivery state's Lua scripts (all run through `LuaScript`, one loader for every store). */
import { LuaScript } from "./lua-script.ts";

/** KEYS: message hash. ARGV: shown, ttl ms. Raises `shown` only; refreshes the message's life. */
export const RAISE_SHOWN = new LuaScript(
  `local cur = tonumber(redis.call('HGET', KEYS[1], 'shown') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'shown', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  1,
);

/**
 * KEYS: burst hash, burst lines, the event's position marker. ARGV: line, lines kept, ttl ms.
 * Appends the event once (a job run again finds its position) and returns its position.
 */
export const RECORD_BURST = new LuaScript(
  `local known = redis.call('GET', KEYS[3])
if known then return tonumber(known) end
local n = redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], n, 'PX', tonumber(ARGV[3]) * 6)
return n`,
  3,
);

/** KEYS: summary hash. ARGV: entry, order, ttl ms. Keeps the entry with the highest order. */
export const RECORD_LATEST = new LuaScript(
  `local cur = tonumber(redis.call('HGET', KEYS[1], 'order') or '-1')
if tonumber(ARGV[2]) > cur then redis.call('HSET', KEYS[1], 'order', ARGV[2], 'entry', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return tonumber(ARGV[2])`,
  1,
);

/** KEYS: a message's reply markers (hash). ARGV: marker, ttl ms. → 1 the first time, else 0. */
export const REPLY_ONCE = new LuaScript(
  `if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  1,
);
