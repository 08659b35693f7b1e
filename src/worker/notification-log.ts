import { type Job, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { KuraEvent } from "../commands/ports/events.ts";

export interface EventLog {
  info(object: object, message: string): void;
}

/**
 * Until a chat adapter consumes the notification queue, this consumer prints each event as one
 * structured log line, so an operator running only the worker still sees what happens.
 */
export function startNotificationLog(options: {
  connection: Redis | Cluster;
  prefix: string;
  queueName: string;
  log: EventLog;
}): Worker<KuraEvent> {
  return new Worker<KuraEvent>(
    options.queueName,
    async (job: Job<KuraEvent>) => {
      const { type, ...rest } = job.data;
      options.log.info({ event: type, ...rest }, `event ${type}`);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
}
