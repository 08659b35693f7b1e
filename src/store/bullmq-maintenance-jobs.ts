/**
 * `MaintenanceJobs` on the BullMQ maintenance queue: one-off jobs with deterministic ids, so asking
 * twice (two approvers' clicks racing, a re-emitted event) still runs each once; the restore point
 * checks after backups are one deduplicated job per vault over a backlog in Redis instead
 * (redis-rp-check-backlog.ts). Their worker is src/worker/maintenance.ts with the tasks of
 * src/worker/gc-tasks.ts.
 */
import { Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { MaintenanceJobs } from "../commands/gc/ports.ts";
import type { VaultRef } from "../commands/ports/backup-gateway.ts";
import type { Clock } from "../commands/ports/clock.ts";
import { MAINTENANCE_JOB as GC_JOB, type MaintenanceJobData } from "../commands/ports/queues.ts";
import { vaultKey } from "../commands/rp-watch/check-restore-points.ts";
import type { RedisRpCheckBacklog } from "./redis-rp-check-backlog.ts";

/** Finished jobs kept by default (`KURA_KEEP_MAINTENANCE_JOBS`); each id dedupes only while its job exists. */
const KEEP_DEFAULT = 200;
/** Transient Azure trouble is retried by BullMQ; the reconciler is the backstop after that. */
const RETRY = { attempts: 8, backoff: { type: "exponential", delay: 5_000 } };
/**
 * A vault's check after a backup waits this long for the vault's other backups. With one job waiting
 * and one running per vault, a vault's checks run at most once per (this delay + a run), however
 * many backups it has; the warning still comes seconds after the backup.
 */
const RP_CHECK_DELAY_MS = 2_000;

export class BullmqMaintenanceJobs implements MaintenanceJobs {
  readonly queue: Queue;
  readonly #clock: Clock;
  readonly #keep: { removeOnComplete: number; removeOnFail: number };
  readonly #rpCheckDelayMs: number;
  readonly backlog: RedisRpCheckBacklog;

  constructor(options: {
    redis: Redis | Cluster;
    prefix: string;
    queueName: string;
    clock: Clock;
    /** Finished jobs kept (each kind of outcome). @defaultValue 200 */
    keep?: number;
    /** Where VMs wait for their restore point check after a backup. */
    backlog: RedisRpCheckBacklog;
    /** How long a vault's check waits for more backups of the vault to cover. @defaultValue 2000 */
    rpCheckDelayMs?: number;
  }) {
    this.queue = new Queue(options.queueName, { connection: options.redis, prefix: options.prefix });
    this.#clock = options.clock;
    const keep = options.keep ?? KEEP_DEFAULT;
    this.#keep = { removeOnComplete: keep, removeOnFail: keep };
    this.backlog = options.backlog;
    this.#rpCheckDelayMs = options.rpCheckDelayMs ?? RP_CHECK_DELAY_MS;
  }

  async scheduleEmergencyWindow(requestId: string, closesAt: Date): Promise<void> {
    const data: MaintenanceJobData["emergency-open"] = { requestId };
    await this.queue.add(GC_JOB.emergencyOpen, data, {
      jobId: `emergency-open-${requestId}`,
      ...this.#keep,
      ...RETRY,
    });
    await this.queue.add(GC_JOB.emergencyClose, data, {
      jobId: `emergency-close-${requestId}`,
      delay: Math.max(0, closesAt.getTime() - this.#clock.now().getTime()),
      ...this.#keep,
      ...RETRY,
    });
  }

  /**
   * The VM waits in its vault's backlog, then one job per vault runs the check of every VM waiting:
   * BullMQ's deduplication (`keepLastIfActive`) keeps at most one job of the vault waiting and one
   * running. Asked while it waits (for its delay, gathering the vault's other backups), the waiting
   * job covers the VM; asked while it runs, BullMQ adds the next one when it finishes, so a VM that
   * came too late for the running check is never left behind.
   */
  async checkRestorePoints(vm: { vmName: string; vault?: VaultRef }, key: string): Promise<void> {
    if (!vm.vault) {
      // The request (which names the vault) was gone when its backup succeeded: check the VM alone.
      const data: MaintenanceJobData["rp-check"] = { vmName: vm.vmName };
      await this.queue.add(GC_JOB.rpCheck, data, { jobId: `rp-check-${key}`, ...this.#keep });
      return;
    }
    await this.backlog.add(vm.vault, vm.vmName, key);
    await this.#addVaultCheck(vm.vault);
  }

  /**
   * Start-up recovery; one per process start (each is harmless, the passes are claimed). Also asks
   * again for the check of every vault with VMs waiting (its job may be gone: a crash between the
   * backlog write and the job, or retries used up); where one is queued already, this is a no-op.
   */
  async recover(bootId: string): Promise<void> {
    await this.queue.add(GC_JOB.recover, {}, { jobId: `gc-recover-${bootId}`, ...this.#keep });
    for (const vault of await this.backlog.vaults()) await this.#addVaultCheck(vault);
  }

  async #addVaultCheck(vault: VaultRef): Promise<void> {
    const { subscriptionId, resourceGroup, name } = vault;
    const data: MaintenanceJobData["rp-check"] = { vault: { subscriptionId, resourceGroup, name } };
    await this.queue.add(GC_JOB.rpCheck, data, {
      deduplication: { id: `rp-check:${vaultKey(vault)}`, keepLastIfActive: true },
      delay: this.#rpCheckDelayMs,
      ...this.#keep,
      ...RETRY,
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
