/**
 * `GcState` on Redis, shared by every worker process.
 *
 * - `<prefix>:gc:pass:<id>` = `running` with a TTL (the claim), `<prefix>:gc:pass-done:<id>` once
 *   finished, `<prefix>:gc:pass-attempts:<id>` counting starts; claimed by one Lua script so a pass
 *   that just finished is never started again.
 * - Hashes keyed by VM key: `gc:protected-since`, `gc:last-full-window`, `gc:first-seen`; and
 *   `gc:job-cursor` keyed by vault.
 */
import type { Cluster, Redis } from "ioredis";
import type { GcState, PassClaim } from "../commands/gc/ports.ts";
import { LuaScript } from "./lua-script.ts";

/** Pass markers outlive any window by far; a window id is never reused. */
const KEEP_S = 60 * 86_400;

/** KEYS: claim, done, attempts. ARGV: ttl ms, keep s. → attempt (> 0), -1 running, -2 done. */
const CLAIM = new LuaScript(
  `if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
if not redis.call('SET', KEYS[1], 'running', 'NX', 'PX', ARGV[1]) then return -1 end
local attempt = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[2])
return attempt`,
  3,
);

export class RedisGcState implements GcState {
  readonly #redis: Redis | Cluster;
  readonly #prefix: string;

  constructor(options: { redis: Redis | Cluster; prefix: string }) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
  }

  async claimPass(passId: string, ttlMs: number): Promise<PassClaim> {
    const result = Number(
      await CLAIM.run(this.#redis, this.#passKeys(passId), [String(ttlMs), String(KEEP_S)]),
    );
    if (result === -2) return { claimed: false, state: "done" };
    if (result === -1) return { claimed: false, state: "running" };
    return { claimed: true, attempt: result };
  }

  async renewPass(passId: string, ttlMs: number): Promise<void> {
    await this.#redis.pexpire(this.#passKeys(passId)[0], ttlMs);
  }

  async finishPass(passId: string): Promise<void> {
    const [claim, done] = this.#passKeys(passId);
    await this.#redis.multi().set(done, "1", "EX", KEEP_S).del(claim).exec();
  }

  async passDone(passId: string): Promise<boolean> {
    return (await this.#redis.exists(this.#passKeys(passId)[1])) === 1;
  }

  async markProtectedSince(vmKey: string, at: Date): Promise<void> {
    await this.#redis.hsetnx(this.#key("protected-since"), vmKey, at.toISOString());
  }

  async takeProtectedSince(vmKey: string): Promise<Date | undefined> {
    const result = await this.#redis
      .multi()
      .hget(this.#key("protected-since"), vmKey)
      .hdel(this.#key("protected-since"), vmKey)
      .exec();
    const value = result?.[0]?.[1];
    return typeof value === "string" ? new Date(value) : undefined;
  }

  async recordFullWindow(vmKey: string, closedAt: Date): Promise<void> {
    await this.#redis.hset(this.#key("last-full-window"), vmKey, closedAt.toISOString());
  }

  async lastFullWindow(vmKey: string): Promise<Date | undefined> {
    return this.#date(await this.#redis.hget(this.#key("last-full-window"), vmKey));
  }

  /** Every VM's last full window, by VM key (for metrics). */
  async allFullWindows(): Promise<Map<string, Date>> {
    const raw = await this.#redis.hgetall(this.#key("last-full-window"));
    return new Map(Object.entries(raw).map(([vmKey, at]) => [vmKey, new Date(at)]));
  }

  async firstSeen(vmKey: string, now: Date): Promise<Date> {
    await this.#redis.hsetnx(this.#key("first-seen"), vmKey, now.toISOString());
    return this.#date(await this.#redis.hget(this.#key("first-seen"), vmKey)) ?? now;
  }

  async jobCursor(vaultKey: string): Promise<Date | undefined> {
    return this.#date(await this.#redis.hget(this.#key("job-cursor"), vaultKey));
  }

  async setJobCursor(vaultKey: string, at: Date): Promise<void> {
    await this.#redis.hset(this.#key("job-cursor"), vaultKey, at.toISOString());
  }

  #passKeys(passId: string): [string, string, string] {
    const base = `${this.#prefix}:gc`;
    return [`${base}:pass:${passId}`, `${base}:pass-done:${passId}`, `${base}:pass-attempts:${passId}`];
  }
  #key(name: string): string {
    return `${this.#prefix}:gc:${name}`;
  }
  #date(value: string | null): Date | undefined {
    return value ? new Date(value) : undefined;
  }
}
