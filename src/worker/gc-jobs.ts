/**
 * `MaintenanceJobs` on the BullMQ maintenance queue: one-off jobs with deterministic ids, so asking
 * twice (two approvers' clicks racing, a re-emitted event) still runs each once.
 */
import { Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { MaintenanceJobs } from "../commands/gc/ports.ts";
import type { Clock } from "../commands/ports/clock.ts";

/** Job names the GC tasks (src/worker/gc-tasks.ts) handle. */
export const GC_JOB = {
  emergencyOpen: "emergency-open",
  emergencyClose: "emergency-close",
  rpCheck: "rp-check",
  recover: "gc-recover",
} as const;

const KEEP = { removeOnComplete: 200, removeOnFail: 200 };
/** Transient Azure trouble is retried by BullMQ; the reconciler is the backstop after that. */
const RETRY = { attempts: 8, backoff: { type: "exponential", delay: 5_000 } };

export class BullmqMaintenanceJobs implements MaintenanceJobs {
  readonly queue: Queue;
  readonly #clock: Clock;

  constructor(options: { redis: Redis | Cluster; prefix: string; queueName: string; clock: Clock }) {
    this.queue = new Queue(options.queueName, { connection: options.redis, prefix: options.prefix });
    this.#clock = options.clock;
  }

  async scheduleEmergencyWindow(requestId: string, closesAt: Date): Promise<void> {
    const data = { requestId };
    await this.queue.add(GC_JOB.emergencyOpen, data, {
      jobId: `emergency-open-${requestId}`,
      ...KEEP,
      ...RETRY,
    });
    await this.queue.add(GC_JOB.emergencyClose, data, {
      jobId: `emergency-close-${requestId}`,
      delay: Math.max(0, closesAt.getTime() - this.#clock.now().getTime()),
      ...KEEP,
      ...RETRY,
    });
  }

  async checkRestorePoints(vmName: string, key: string): Promise<void> {
    await this.queue.add(GC_JOB.rpCheck, { vmName }, { jobId: `rp-check-${key}`, ...KEEP });
  }

  /** Start-up recovery; one per process start (each is harmless, the passes are claimed). */
  async recover(bootId: string): Promise<void> {
    await this.queue.add(GC_JOB.recover, {}, { jobId: `gc-recover-${bootId}`, ...KEEP });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
