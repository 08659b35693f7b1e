import { type Job, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { LifecycleDeps } from "../commands/lifecycle/context.ts";
import type { RunObserver } from "../commands/ports/telemetry.ts";
import type { SnapshotDeps } from "../commands/snapshot/context.ts";
import type { ProcessorLog } from "./checkpointed-run.ts";
import type { Drain } from "./drain.ts";
import { lifecycleProcessor } from "./lifecycle-processor.ts";
import { type SnapshotJobData, snapshotProcessor } from "./snapshot-processor.ts";

export interface LifecycleWorkerOptions {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers require. */
  connection: Redis | Cluster;
  prefix: string;
  queueName: string;
  /** Lifecycles mostly wait on Azure, so one process can run many at once. */
  concurrency: number;
  /** How long a job's lock lasts without renewal: how soon a killed worker's job is taken over. */
  lockDurationMs: number;
  /** A job whose worker died is picked up again this many times before BullMQ gives up on it. */
  maxStalledCount: number;
  deps: LifecycleDeps;
  /** Runs approved disk snapshot requests (`kind: "snapshot"`), which share the lifecycle queue. */
  snapshot?: SnapshotDeps;
  log: ProcessorLog;
  /** Stops runs at their next checkpoint when the process shuts down. */
  drain?: Drain;
  /** Sees every finished step and every decision (metrics). */
  observer?: RunObserver;
}

export function startLifecycleWorker(options: LifecycleWorkerOptions): Worker<SnapshotJobData> {
  return new Worker<SnapshotJobData>(options.queueName, requestProcessor(options), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
    maxStalledCount: options.maxStalledCount,
  });
}

/**
 * Approval enqueues only a request id; the request's kind says which run it is. A snapshot request
 * never falls through to a backup lifecycle: without snapshot deps the job fails instead.
 */
function requestProcessor(options: LifecycleWorkerOptions) {
  const tracking = { log: options.log, drain: options.drain, observer: options.observer };
  const backup = lifecycleProcessor(options.deps, tracking);
  const snapshot = options.snapshot ? snapshotProcessor(options.snapshot, tracking) : undefined;
  return async (job: Job<SnapshotJobData>, token?: string, signal?: AbortSignal): Promise<string> => {
    const isSnapshot =
      job.data.snapshotCheckpoint !== undefined ||
      (await options.deps.journal.requests.get(job.data.requestId))?.kind === "snapshot";
    if (!isSnapshot) return backup(job, token, signal);
    if (!snapshot)
      throw new Error(`request ${job.data.requestId} is a disk snapshot request; this worker cannot run it`);
    return snapshot(job, token, signal);
  };
}
