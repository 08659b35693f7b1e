import type { ProtectedVm, VaultRef } from "../commands/ports/backup-gateway.ts";

/**
 * Shares one `backupProtectedItems.list` per vault among everyone who asks within `ttlMs` (and
 * among concurrent askers: single flight). Finding a VM needs the whole list (Azure has no
 * server-side name filter kura may rely on, ref §8.4), and a fan-out of lifecycles would otherwise
 * list every item of the vault once per lifecycle — the first thing ARM throttles. Decisions never
 * rest on a cached protection state: resume and stop re-read the item itself.
 */
export class ItemListCache {
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { at: number; items: Promise<ProtectedVm[]> }>();

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  get(vault: VaultRef, load: () => Promise<ProtectedVm[]>): Promise<ProtectedVm[]> {
    const key = `${vault.subscriptionId}/${vault.resourceGroup}/${vault.name}`.toLowerCase();
    const now = Date.now();
    const entry = this.#entries.get(key);
    if (entry && now - entry.at < this.#ttlMs) return entry.items;
    const items = load();
    this.#entries.set(key, { at: now, items });
    // A failure is never served to the next caller.
    items.catch(() => {
      if (this.#entries.get(key)?.items === items) this.#entries.delete(key);
    });
    return items;
  }
}
