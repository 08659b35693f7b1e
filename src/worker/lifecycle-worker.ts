import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import type { LifecycleDeps } from "../commands/lifecycle/context.ts";
import { abandonedFailure, settleAbandoned } from "../commands/lifecycle/settle.ts";
import type { LifecycleJobData } from "../commands/ports/queues.ts";
import type { RunObserver } from "../commands/ports/telemetry.ts";
import type { SnapshotDeps } from "../commands/snapshot/context.ts";
import type { ProcessorLog } from "./checkpointed-run.ts";
import type { Drain } from "./drain.ts";
import { lifecycleProcessor } from "./lifecycle-processor.ts";
import { rideOutRedisOutages } from "./redis-outage.ts";
import { snapshotProcessor } from "./snapshot-processor.ts";

/** What the lifecycle worker logs: progress (info), retried attempts and outages (warn), given-up jobs (error). */
export interface WorkerLog extends ProcessorLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

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
  log: WorkerLog;
  /** Stops runs at their next checkpoint when the process shuts down. */
  drain?: Drain;
  /** Sees every finished step and every decision (metrics). */
  observer?: RunObserver;
}

export function startLifecycleWorker(options: LifecycleWorkerOptions): Worker<LifecycleJobData> {
  const worker = new Worker<LifecycleJobData>(options.queueName, requestProcessor(options), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(options.lockDurationMs / 2)),
    maxStalledCount: options.maxStalledCount,
  });
  worker.on("failed", (job, error) => {
    if (job) void settleIfGivenUp(job, error, options);
  });
  return worker;
}

/**
 * BullMQ emits `failed` for every failed attempt; only a job it gave up on (attempts or stalled count
 * spent, or unrecoverable) is settled now. The reconciler settles any this misses (a crash right here).
 */
async function settleIfGivenUp(
  job: Job<LifecycleJobData>,
  error: Error,
  options: LifecycleWorkerOptions,
): Promise<void> {
  const { log } = options;
  const requestId = job.data.requestId;
  try {
    if ((await job.getState()) !== "failed") {
      log.warn({ requestId, attempt: job.attemptsMade, err: error }, "lifecycle attempt failed; retrying");
      return;
    }
    log.error({ requestId, err: error }, "lifecycle job given up");
    const cause = /stalled/i.test(error.message) ? "stalled" : "given-up";
    await settleAbandoned(requestId, abandonedFailure(cause), options.deps);
  } catch (settleError) {
    log.warn({ requestId, err: settleError }, "settling a given-up lifecycle failed; the reconciler will");
  }
}

/**
 * Approval enqueues only a request id; the request's kind says which run it is. A snapshot request
 * never falls through to a backup lifecycle: without snapshot deps the job fails at once. A Redis
 * outage mid-run is waited out (rideOutRedisOutages) instead of spending an attempt.
 */
function requestProcessor(options: LifecycleWorkerOptions) {
  const tracking = { log: options.log, drain: options.drain, observer: options.observer };
  const backup = lifecycleProcessor(options.deps, tracking);
  const snapshot = options.snapshot ? snapshotProcessor(options.snapshot, tracking) : undefined;
  const outages = {
    connection: options.connection,
    log: options.log,
    lockDurationMs: options.lockDurationMs,
  };
  return (job: Job<LifecycleJobData>, token?: string, signal?: AbortSignal): Promise<string> =>
    rideOutRedisOutages(outages, job, token, signal, async () => {
      // The request is read once here; the run starts from it rather than reading it again.
      const request =
        job.data.snapshotCheckpoint === undefined
          ? await options.deps.journal.requests.get(job.data.requestId)
          : undefined;
      const isSnapshot = job.data.snapshotCheckpoint !== undefined || request?.kind === "snapshot";
      if (!isSnapshot) return backup(job, token, signal, request);
      if (!snapshot)
        throw new UnrecoverableError(
          `request ${job.data.requestId} is a disk snapshot request; this worker cannot run it`,
        );
      return snapshot(job, token, signal);
    });
}
