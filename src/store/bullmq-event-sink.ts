/**
 * `EventSink` that adds each event to a BullMQ notification queue, for the bot's notifier worker to
 * render into chat. The job id comes from the event id, so an event emitted again after a crash is
 * dropped by BullMQ rather than posted twice.
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { EventSink, KuraEvent } from "../commands/ports/events.ts";

/** The job name notifier workers match on; the job's data is the event itself. */
export const EVENT_JOB_NAME = "event";

export interface BullmqEventSinkOptions {
  redis: Redis;
  /** BullMQ's key prefix, e.g. `kura:bull`. */
  prefix: string;
  /** e.g. `notifications`. */
  queueName: string;
  /**
   * Completed notifications kept. Dedupe works only while the job exists, so keep enough to cover
   * any re-emit window (a crash and restart re-emits at most the last request's few events).
   * @defaultValue 10000
   */
  keepCompleted?: number;
  /**
   * Delivery attempts (chat APIs throttle and blip).
   * @defaultValue 10
   */
  attempts?: number;
}

export class BullmqEventSink implements EventSink {
  readonly queue: Queue<KuraEvent>;
  readonly #keepCompleted: number;
  readonly #attempts: number;

  constructor(options: BullmqEventSinkOptions) {
    this.queue = new Queue<KuraEvent>(options.queueName, {
      connection: options.redis,
      prefix: options.prefix,
    });
    this.#keepCompleted = options.keepCompleted ?? 10_000;
    this.#attempts = options.attempts ?? 10;
  }

  async emit(event: KuraEvent): Promise<void> {
    await this.queue.add(EVENT_JOB_NAME, event, {
      jobId: eventJobId(event.id),
      attempts: this.#attempts,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { count: this.#keepCompleted },
      removeOnFail: { count: this.#keepCompleted },
    });
  }

  /** Closes the BullMQ queue (not the shared connection). */
  async close(): Promise<void> {
    await this.queue.close();
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
