import { type Job, Queue, type RepeatStrategy, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";

export interface MaintenanceTask {
  /** Job scheduler id and job name, e.g. `reconcile`. */
  name: string;
  /** Fires every this many ms. */
  everyMs?: number;
  /** Or fires at a cron pattern read in an IANA zone. Neither: runs only when a job is added by name. */
  cron?: { pattern: string; tz: string };
  /** `data` is the job's data (one-off jobs carry their subject, e.g. a request id). */
  run(signal?: AbortSignal, data?: unknown): Promise<unknown>;
}

/**
 * Periodic work (the reconciler, expiring requests, the GC window) as BullMQ job schedulers: however
 * many worker processes run, each firing is one job, processed once.
 */
export async function startMaintenance(options: {
  connection: Redis | Cluster;
  prefix: string;
  queueName: string;
  tasks: MaintenanceTask[];
  /** Computes cron firings (both where schedulers are written and where the next one is chained). */
  repeatStrategy?: RepeatStrategy;
  /** Scheduler ids to remove (a task switched off in configuration). */
  removeSchedulers?: string[];
  /** Maintenance jobs one process runs at once. @defaultValue 1 */
  concurrency?: number;
}): Promise<{ queue: Queue; worker: Worker; close(): Promise<void> }> {
  const settings = options.repeatStrategy ? { settings: { repeatStrategy: options.repeatStrategy } } : {};
  const queue = new Queue(options.queueName, {
    connection: options.connection,
    prefix: options.prefix,
    ...settings,
  });
  for (const id of options.removeSchedulers ?? []) await queue.removeJobScheduler(id);
  for (const task of options.tasks) {
    const repeat = task.cron
      ? { pattern: task.cron.pattern, tz: task.cron.tz }
      : task.everyMs
        ? { every: task.everyMs }
        : undefined;
    if (!repeat) continue;
    await queue.upsertJobScheduler(task.name, repeat, {
      name: task.name,
      opts: { removeOnComplete: 50, removeOnFail: 50 },
    });
  }
  const byName = new Map(options.tasks.map((task) => [task.name, task]));
  const worker = new Worker(
    options.queueName,
    async (job: Job, _token?: string, signal?: AbortSignal) => {
      const task = byName.get(job.name);
      if (!task) return `unknown task ${job.name}`;
      return task.run(signal, job.data);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      ...settings,
    },
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
