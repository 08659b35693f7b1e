import { isKuraError } from "../errors.ts";
import type { BackupGateway, BackupJob, VaultRef } from "../ports/backup-gateway.ts";

export interface JobWatcherSettings {
  /** First polling interval; it grows as jobs age (backups take minutes to hours). */
  baseIntervalMs: number;
  maxIntervalMs: number;
  /** How much each tick stretches a job's interval. */
  backoffFactor: number;
  /** Task progress needs a job GET (lists carry no tasks): at most one per job per this interval. */
  detailIntervalMs: number;
}

export const DEFAULT_WATCHER_SETTINGS: JobWatcherSettings = {
  baseIntervalMs: 15_000,
  maxIntervalMs: 120_000,
  backoffFactor: 1.25,
  detailIntervalMs: 60_000,
};

interface Waiter {
  jobId: string;
  intervalMs: number;
  nextDetailAt: number;
  onUpdate: (job: BackupJob) => Promise<void>;
  onPoll: (() => Promise<void>) | undefined;
  resolve: (job: BackupJob) => void;
  reject: (error: unknown) => void;
}

const TERMINAL = new Set(["Completed", "Failed", "CompletedWithWarnings", "Cancelled"]);
export const isTerminalJob = (job: BackupJob): boolean => TERMINAL.has(job.status);

/**
 * Watches Azure backup jobs until they end, batching per vault: every tick makes ONE
 * `backupJobs.list` of the vault's in-progress backups for all jobs watched in this process, plus a
 * job GET only when a job left that list (to read its outcome) or its progress is due.
 */
export class JobWatcher {
  readonly #gateway: BackupGateway;
  readonly #settings: JobWatcherSettings;
  readonly #vaults = new Map<string, { vault: VaultRef; waiters: Map<string, Waiter> }>();

  constructor(gateway: BackupGateway, settings: Partial<JobWatcherSettings> = {}) {
    this.#gateway = gateway;
    this.#settings = { ...DEFAULT_WATCHER_SETTINGS, ...settings };
  }

  /**
   * Resolves with the job's final details; `onUpdate` sees each observed state, `onPoll` runs on
   * every tick (for checks that must not wait for the next details read, such as a cancel request).
   */
  watch(
    vault: VaultRef,
    jobId: string,
    handlers: { onUpdate: (job: BackupJob) => Promise<void>; onPoll?: () => Promise<void> },
    signal?: AbortSignal,
  ): Promise<BackupJob> {
    const key = `${vault.subscriptionId}/${vault.resourceGroup}/${vault.name}`.toLowerCase();
    let entry = this.#vaults.get(key);
    const startLoop = !entry;
    if (!entry) {
      entry = { vault, waiters: new Map() };
      this.#vaults.set(key, entry);
    }
    const waiters = entry.waiters;
    const promise = new Promise<BackupJob>((resolve, reject) => {
      const onAbort = () => {
        waiters.delete(jobId);
        reject(signal?.reason);
      };
      // The abort listener goes when the watch ends, however it ends: it holds the handlers and, through
      // them, the whole run, for as long as the signal lives.
      const ending =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener("abort", onAbort);
          settle(value);
        };
      const waiter: Waiter = {
        jobId,
        intervalMs: this.#settings.baseIntervalMs,
        nextDetailAt: 0,
        onUpdate: handlers.onUpdate,
        onPoll: handlers.onPoll,
        resolve: ending(resolve),
        reject: ending(reject),
      };
      waiters.set(jobId, waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    if (startLoop) void this.#loop(key);
    return promise;
  }

  async #loop(key: string): Promise<void> {
    const entry = this.#vaults.get(key);
    if (!entry) return;
    let delay = 0;
    while (entry.waiters.size > 0) {
      await sleep(delay);
      if (entry.waiters.size === 0) break;
      try {
        await this.#tick(entry.vault, entry.waiters);
        delay = Math.min(
          ...[...entry.waiters.values()].map((w) => w.intervalMs),
          this.#settings.maxIntervalMs,
        );
      } catch (error) {
        if (isKuraError(error) && error.isTransient) {
          delay = Math.max(error.retryAfterMs ?? 0, this.#settings.baseIntervalMs);
          continue;
        }
        for (const waiter of entry.waiters.values()) waiter.reject(error);
        entry.waiters.clear();
      }
    }
    this.#vaults.delete(key);
  }

  async #tick(vault: VaultRef, waiters: Map<string, Waiter>): Promise<void> {
    const since = new Date(Date.now() - 2 * 24 * 3600_000);
    const running = await this.#gateway.listJobs(vault, { since, status: "InProgress", operation: "Backup" });
    const runningIds = new Set(running.map((job) => job.id));
    const now = Date.now();
    for (const waiter of [...waiters.values()]) {
      await waiter.onPoll?.();
      const detailDue = now >= waiter.nextDetailAt;
      if (runningIds.has(waiter.jobId) && !detailDue) {
        waiter.intervalMs = Math.min(
          waiter.intervalMs * this.#settings.backoffFactor,
          this.#settings.maxIntervalMs,
        );
        continue;
      }
      try {
        const job = await this.#gateway.getJob(vault, waiter.jobId);
        waiter.nextDetailAt = now + this.#settings.detailIntervalMs;
        await waiter.onUpdate(job);
        if (isTerminalJob(job)) {
          waiters.delete(waiter.jobId);
          waiter.resolve(job);
        }
      } catch (error) {
        if (isKuraError(error) && error.isTransient) throw error;
        waiters.delete(waiter.jobId);
        waiter.reject(error);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
