/**
 * The restore point checks waiting after backups, per vault (`RpCheckBacklog`), on Redis:
 *
 * - `<prefix>:rp-check:waiting:<vault key>` hash VM name (lower case) → mark (the request that asked
 *   last): the VMs of that vault whose check has not run yet.
 * - `<prefix>:rp-check:vaults` hash vault key → vault (JSON): the vaults with VMs waiting, so start-up
 *   recovery can ask for their checks again if the job that was to run them is gone.
 *
 * Adding and completing are one Lua script each: a VM asked again while a run checks it keeps its new
 * mark and stays waiting (the run completes only the marks it read), and a vault leaves the index only
 * when its last VM does. Bounded by the managed VMs of each vault.
 */
import type { PendingRpCheck, RpCheckBacklog } from "../commands/gc/ports.ts";
import type { VaultRef } from "../commands/ports/backup-gateway.ts";
import { vaultKey } from "../commands/rp-watch/check-restore-points.ts";
import { LuaScript } from "./lua-script.ts";
import type { RedisClient } from "./redis-connection.ts";

/** KEYS: waiting, vaults. ARGV: VM, mark, vault key, vault JSON. */
const ADD = new LuaScript(
  `redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
return 1`,
  2,
);

/** KEYS: waiting, vaults. ARGV: vault key, then VM, mark pairs. → VMs completed. */
const DONE = new LuaScript(
  `local done = 0
for i = 2, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    done = done + redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return done`,
  2,
);

export class RedisRpCheckBacklog implements RpCheckBacklog {
  readonly #redis: RedisClient;
  readonly #prefix: string;

  constructor(options: { redis: RedisClient; prefix: string }) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
  }

  /** Puts the VM in its vault's backlog with `mark`, replacing an older mark. */
  async add(vault: VaultRef, vmName: string, mark: string): Promise<void> {
    const { subscriptionId, resourceGroup, name } = vault;
    await ADD.run(this.#redis, this.#keys(vault), [
      vmName.toLowerCase(),
      mark,
      vaultKey(vault),
      JSON.stringify({ subscriptionId, resourceGroup, name }),
    ]);
  }

  async pending(vault: VaultRef): Promise<PendingRpCheck[]> {
    const entries = await this.#redis.hgetall(this.#keys(vault)[0]);
    return Object.entries(entries).map(([vmName, mark]) => ({ vmName, mark }));
  }

  async done(vault: VaultRef, checked: readonly PendingRpCheck[]): Promise<void> {
    await DONE.run(this.#redis, this.#keys(vault), [
      vaultKey(vault),
      ...checked.flatMap((c) => [c.vmName.toLowerCase(), c.mark]),
    ]);
  }

  /** The vaults with VMs waiting. */
  async vaults(): Promise<VaultRef[]> {
    const values = await this.#redis.hvals(this.#indexKey());
    return values.map((json) => JSON.parse(json) as VaultRef);
  }

  #keys(vault: VaultRef): [string, string] {
    return [`${this.#prefix}:rp-check:waiting:${vaultKey(vault)}`, this.#indexKey()];
  }

  #indexKey(): string {
    return `${this.#prefix}:rp-check:vaults`;
  }
}
