import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { LifecycleDeps } from "../commands/lifecycle/context.ts";
import { type LifecycleJobData, lifecycleProcessor, type ProcessorLog } from "./lifecycle-processor.ts";

export interface LifecycleWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers require. */
  connection: Redis;
  prefix: string;
  queueName: string;
  /** Lifecycles mostly wait on Azure, so one process can run many at once. */
  concurrency: number;
  /** How long a job's lock lasts without renewal: how soon a killed worker's job is taken over. */
  lockDurationMs: number;
  /** A job whose worker died is picked up again this many times before BullMQ gives up on it. */
  maxStalledCount: number;
  deps: LifecycleDeps;
  log: ProcessorLog;
}

export function startLifecycleWorker(options: LifecycleWorkerOptions): Worker<LifecycleJobData> {
  return new Worker<LifecycleJobData>(options.queueName, lifecycleProcessor(options.deps, options.log), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
    maxStalledCount: options.maxStalledCount,
  });
}
