/** Remembers which one-time keys (a chat platform's id for one invocation) were already handled. */
export interface IdempotencyStore {
  /**
   * Claims `key` for `ttlMs`: true the first time, false while an earlier claim lasts. Atomic across
   * processes, so a platform's retry reaching another replica is still recognised.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
}
