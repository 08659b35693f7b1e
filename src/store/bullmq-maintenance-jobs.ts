/**
 * `MaintenanceJobs` on the BullMQ maintenance queue: one-off jobs with deterministic ids, so asking
 * twice (two approvers' clicks racing, a re-emitted event) still runs each once. Their worker is
 * src/worker/maintenance.ts with the tasks of src/worker/gc-tasks.ts.
 */
import { Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { MaintenanceJobs } from "../commands/gc/ports.ts";
import type { Clock } from "../commands/ports/clock.ts";
import { MAINTENANCE_JOB as GC_JOB, type MaintenanceJobData } from "../commands/ports/queues.ts";

/** Finished jobs kept by default (`KURA_KEEP_MAINTENANCE_JOBS`); each id dedupes only while its job exists. */
const KEEP_DEFAULT = 200;
/** Transient Azure trouble is retried by BullMQ; the reconciler is the backstop after that. */
const RETRY = { attempts: 8, backoff: { type: "exponential", delay: 5_000 } };

export class BullmqMaintenanceJobs implements MaintenanceJobs {
  readonly queue: Queue;
  readonly #clock: Clock;
  readonly #keep: { removeOnComplete: number; removeOnFail: number };

  constructor(options: {
    redis: Redis | Cluster;
    prefix: string;
    queueName: string;
    clock: Clock;
    /** Finished jobs kept (each kind of outcome). @defaultValue 200 */
    keep?: number;
  }) {
    this.queue = new Queue(options.queueName, { connection: options.redis, prefix: options.prefix });
    this.#clock = options.clock;
    const keep = options.keep ?? KEEP_DEFAULT;
    this.#keep = { removeOnComplete: keep, removeOnFail: keep };
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

  async checkRestorePoints(vmName: string, key: string): Promise<void> {
    const data: MaintenanceJobData["rp-check"] = { vmName };
    await this.queue.add(GC_JOB.rpCheck, data, { jobId: `rp-check-${key}`, ...this.#keep });
  }

  /** Start-up recovery; one per process start (each is harmless, the passes are claimed). */
  async recover(bootId: string): Promise<void> {
    await this.queue.add(GC_JOB.recover, {}, { jobId: `gc-recover-${bootId}`, ...this.#keep });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
