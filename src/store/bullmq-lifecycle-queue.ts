/**
 * `LifecycleQueue` on a BullMQ `Queue`. The job id is the request id, so BullMQ itself refuses a
 * second job for the same request while the first one exists (an approve clicked twice, or an
 * approve retried after a crash).
 *
 * Finished jobs are removed after a while: the request store is the history, BullMQ only the hand-over.
 * Attempts are many with a backoff because every lifecycle step is idempotent: a retry resumes.
 */
import { Queue } from "bullmq";
import {
  LIFECYCLE_JOB,
  type LifecycleJobData,
  type LifecycleJobState,
  type LifecycleQueue,
} from "../commands/ports/queues.ts";
import type { RedisClient } from "./redis-connection.ts";

export interface BullmqLifecycleQueueOptions {
  redis: RedisClient;
  /** BullMQ's key prefix, e.g. `kura:bull`; workers must use the same. */
  prefix: string;
  /** The queue's name, e.g. `lifecycle`; workers must use the same. */
  queueName: string;
  /**
   * How long a finished job stays visible in BullMQ (for dashboards) before it is removed. While it
   * stays, its request id can't be enqueued again, which is what we want.
   * @defaultValue 86400 (one day)
   */
  keepFinishedSeconds?: number;
  /**
   * Attempts before BullMQ gives up on a job that keeps throwing (a bug, an error of kura's own store).
   * A request's expected failures (Azure refusing, the preflight) end the request, not the job; a
   * job no retry can help (a snapshot request on a worker without snapshots) ends at once with
   * BullMQ's `UnrecoverableError` (src/worker/lifecycle-worker.ts); throttling and Redis outages
   * delay the job without spending an attempt. BullMQ's
   * exponential backoff has no cap, so attempts and backoff together set the longest outage ridden
   * out: 12 attempts from 5 s retry for about 2.8 hours.
   * @defaultValue 12
   */
  attempts?: number;
  /**
   * First retry delay; doubles each attempt (with 20 % jitter, so jobs failed together spread out).
   * @defaultValue 5000
   */
  backoffMs?: number;
}

export class BullmqLifecycleQueue implements LifecycleQueue {
  readonly queue: Queue<LifecycleJobData>;
  readonly #keepSeconds: number;
  readonly #attempts: number;
  readonly #backoffMs: number;

  constructor(options: BullmqLifecycleQueueOptions) {
    // A shared connection: BullMQ won't close it on `close()`, its owner does.
    this.queue = new Queue<LifecycleJobData>(options.queueName, {
      connection: options.redis,
      prefix: options.prefix,
    });
    this.#keepSeconds = options.keepFinishedSeconds ?? 86_400;
    this.#attempts = options.attempts ?? 12;
    this.#backoffMs = options.backoffMs ?? 5_000;
  }

  async enqueue(requestId: string): Promise<void> {
    // Adding an id that exists is a no-op in BullMQ (it returns the existing job).
    await this.queue.add(
      LIFECYCLE_JOB,
      { requestId },
      {
        jobId: requestId,
        attempts: this.#attempts,
        backoff: { type: "exponential", delay: this.#backoffMs, jitter: 0.2 },
        removeOnComplete: { age: this.#keepSeconds },
        removeOnFail: { age: this.#keepSeconds },
      },
    );
  }

  async removeIfWaiting(requestId: string): Promise<boolean> {
    const job = await this.queue.getJob(requestId);
    if (job === undefined) return false;
    const state = await job.getState();
    if (state !== "waiting" && state !== "delayed" && state !== "prioritized") return false;
    // A lifecycle that waits on Azure moves itself to `delayed` mid-run (its checkpoint in the job's
    // data); removing that would strand a VM with protection resumed. Only never-started jobs go.
    if (job.attemptsStarted > 0 || job.processedOn !== undefined) return false;
    try {
      await job.remove();
      return true;
    } catch {
      // A worker took it between getState and remove: it holds the lock, so BullMQ refused.
      return false;
    }
  }

  async jobState(requestId: string): Promise<LifecycleJobState> {
    const job = await this.queue.getJob(requestId);
    if (job === undefined) return "missing";
    const state = await job.getState();
    if (state === "failed") return "failed";
    if (state === "completed") return "finished";
    if (state === "unknown") return "missing";
    return "live";
  }

  async revive(requestId: string): Promise<void> {
    const job = await this.queue.getJob(requestId);
    if (job === undefined) {
      await this.enqueue(requestId);
      return;
    }
    if ((await job.getState()) === "failed") await job.retry("failed", { resetAttemptsMade: true });
  }

  /** Closes the BullMQ queue (not the shared connection). */
  async close(): Promise<void> {
    await this.queue.close();
  }
}
