/**
 * The notification queues' consumer in a process that runs chat platforms: one BullMQ worker per
 * running platform, on that platform's queue only (`<base>.<platform>`), handing each event to the
 * core's delivery pipeline. A delivery that must wait (`RunLater`: an edit slot, a first post in
 * progress, a platform's 429) moves its job to the delayed set and ends with `DelayedError`, so it
 * runs again later with its attempts intact: nothing is failed or lost.
 */
import { DelayedError, type Job, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { Delivery } from "../commands/delivery/deliver.ts";
import { isRunLater } from "../commands/delivery/run-later.ts";
import type { KuraEvent } from "../commands/ports/events.ts";
import { notificationQueueName } from "../commands/ports/queues.ts";

export interface DeliveryLog {
  warn(object: object, message: string): void;
}

export interface DeliveryConsumerOptions {
  /** A BullMQ worker connection (`maxRetriesPerRequest: null`). */
  connection: Redis | Cluster;
  /** BullMQ's key prefix, e.g. `kura:bull`. */
  prefix: string;
  /** The base notification queue name (`KURA_QUEUE_NOTIFY`). */
  queueName: string;
  delivery: Delivery;
  log: DeliveryLog;
  /** Jobs handled at once, per platform. @defaultValue 8 */
  concurrency?: number;
}

export interface DeliveryConsumer {
  /** One BullMQ worker per platform (for the root to attach its Redis outage reporting). */
  readonly workers: readonly Worker<KuraEvent>[];
  close(): Promise<void>;
}

/** Runs `work`; a `RunLater` becomes a delayed retry of `job`, other errors propagate. */
export async function runOrDelay(
  job: Job,
  token: string | undefined,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isRunLater(error)) throw error;
    await job.moveToDelayed(Date.now() + error.waitMs, token);
    throw new DelayedError();
  }
}

export function startDeliveryConsumer(options: DeliveryConsumerOptions): DeliveryConsumer {
  const workers = options.delivery.platforms.map((platform) => {
    const worker = new Worker<KuraEvent>(
      notificationQueueName(options.queueName, platform),
      async (job: Job<KuraEvent>, token?: string) => {
        await runOrDelay(job, token, async () => {
          const outcomes = await options.delivery.deliver(job.data, platform);
          for (const outcome of outcomes) {
            if (outcome.status !== "undeliverable") continue;
            options.log.warn(
              { event: job.data.id, platform, ...outcome },
              "conversation cannot receive kura's message",
            );
          }
        });
      },
      { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 8 },
    );
    worker.on("failed", (job, error) =>
      options.log.warn(
        { err: error, event: job?.data.id, platform, attempts: job?.attemptsMade },
        "notification failed",
      ),
    );
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.allSettled(workers.map((worker) => worker.close()));
    },
  };
}
