/**
 * `EventSink` that routes each event, at emit time, to the notification queue of every platform that
 * shows it (`platformsFor`: a request's own platform, or every configured platform for a system
 * notice), for that platform's delivery consumer. With no chat platform configured, events go to the
 * base queue, which the worker's log printer reads. The job id comes from the event id, so an event
 * emitted again after a crash is dropped by BullMQ rather than shown twice.
 */
import { Queue } from "bullmq";
import { platformsFor } from "../commands/delivery/routing.ts";
import type { EventSink, KuraEvent } from "../commands/ports/events.ts";
import { NOTIFICATION_JOB, notificationQueueName } from "../commands/ports/queues.ts";
import type { RedisClient } from "./redis-connection.ts";

export interface BullmqEventSinkOptions {
  redis: RedisClient;
  /** BullMQ's key prefix, e.g. `kura:bull`. */
  prefix: string;
  /** The base queue name, e.g. `kura-notify`; each platform's queue is `<base>.<platform>`. */
  queueName: string;
  /** The chat platforms this deployment runs (in any process): system notices go to each. */
  platforms: readonly string[];
  /**
   * Completed notifications kept. Dedupe works only while the job exists, so keep enough to cover
   * any re-emit window (a crash and restart re-emits at most the last request's few events).
   * @defaultValue 10000
   */
  keepCompleted?: number;
  /**
   * Delivery attempts for transient failures (waits for rate limits and edit slots do not count).
   * @defaultValue 10
   */
  attempts?: number;
}

export class BullmqEventSink implements EventSink {
  /** The base queue: events when no chat platform is configured (the log printer's). */
  readonly queue: Queue<KuraEvent>;
  readonly #options: BullmqEventSinkOptions;
  readonly #queues = new Map<string, Queue<KuraEvent>>();

  constructor(options: BullmqEventSinkOptions) {
    this.#options = options;
    this.queue = this.#open(options.queueName);
  }

  #open(name: string): Queue<KuraEvent> {
    return new Queue<KuraEvent>(name, { connection: this.#options.redis, prefix: this.#options.prefix });
  }

  /** The queue of one platform's events. */
  queueFor(platform: string): Queue<KuraEvent> {
    let queue = this.#queues.get(platform);
    if (!queue) {
      queue = this.#open(notificationQueueName(this.#options.queueName, platform));
      this.#queues.set(platform, queue);
    }
    return queue;
  }

  async emit(event: KuraEvent): Promise<void> {
    const platforms = platformsFor(event, this.#options.platforms);
    const queues =
      this.#options.platforms.length === 0 ? [this.queue] : platforms.map((p) => this.queueFor(p));
    const keep = this.#options.keepCompleted ?? 10_000;
    await Promise.all(
      queues.map((queue) =>
        queue.add(NOTIFICATION_JOB, event, {
          jobId: eventJobId(event.id),
          attempts: this.#options.attempts ?? 10,
          backoff: { type: "exponential", delay: 1_000 },
          removeOnComplete: { count: keep },
          removeOnFail: { count: keep },
        }),
      ),
    );
  }

  /** Closes the BullMQ queues (not the shared connection). */
  async close(): Promise<void> {
    await Promise.all([this.queue, ...this.#queues.values()].map((queue) => queue.close()));
  }
}

/**
 * BullMQ rejects custom ids that contain `:` (except its legacy 3-part form) or look like integers,
 * and event ids are `<requestId>:<version>:<type>`. Escaping `%` and `:` keeps the mapping one-to-one
 * and readable; the `event-` prefix keeps a numeric system event id from reading as an integer.
 */
export function eventJobId(eventId: string): string {
  return `event-${eventId.replaceAll("%", "%25").replaceAll(":", "%3A")}`;
}
