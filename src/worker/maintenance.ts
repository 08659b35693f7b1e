import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";

export interface MaintenanceTask {
  /** Job scheduler id and job name, e.g. `reconcile`. */
  name: string;
  everyMs: number;
  run(signal?: AbortSignal): Promise<unknown>;
}

/**
 * Periodic work (the reconciler, expiring requests) as BullMQ job schedulers: however many worker
 * processes run, each firing is one job, processed once.
 */
export async function startMaintenance(options: {
  connection: Redis;
  prefix: string;
  queueName: string;
  tasks: MaintenanceTask[];
}): Promise<{ queue: Queue; worker: Worker; close(): Promise<void> }> {
  const queue = new Queue(options.queueName, { connection: options.connection, prefix: options.prefix });
  for (const task of options.tasks) {
    await queue.upsertJobScheduler(
      task.name,
      { every: task.everyMs },
      { name: task.name, opts: { removeOnComplete: 50, removeOnFail: 50 } },
    );
  }
  const byName = new Map(options.tasks.map((task) => [task.name, task]));
  const worker = new Worker(
    options.queueName,
    async (job: Job, _token?: string, signal?: AbortSignal) => {
      const task = byName.get(job.name);
      if (!task) return `unknown task ${job.name}`;
      return task.run(signal);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
