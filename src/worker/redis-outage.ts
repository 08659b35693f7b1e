/**
 * Telling "Redis is away" from a real failure, for the BullMQ processors: during an outage a store call
 * fails (ioredis gives up on the command after a few reconnects) although nothing is wrong with the
 * work itself, so the job should wait for Redis instead of spending an attempt.
 */
import { DelayedError, type Job } from "bullmq";
import type { Cluster, Redis } from "ioredis";

const OUTAGE_MESSAGES = [
  /Reached the max retries per request limit/i,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/,
  /LOADING Redis is loading/i,
];

/** Whether `error` says Redis could not be reached (not: a command Redis refused). */
export function isRedisOutage(error: unknown, connection: Redis | Cluster): boolean {
  if (connection.status !== "ready") return true;
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error.message}`;
  return OUTAGE_MESSAGES.some((pattern) => pattern.test(text));
}

/** Resolves once Redis answers again (the connection reconnects by itself), or rejects on `signal`. */
export async function redisBack(connection: Redis | Cluster, signal?: AbortSignal): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw signal.reason;
    try {
      if ((await connection.ping()) === "PONG") return;
    } catch {
      // still away: try again shortly
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface RideOutOptions {
  connection: Redis | Cluster;
  log: { warn(object: object, message: string): void; info(object: object, message: string): void };
  /** The job's lock duration, to re-assert the lock once Redis is back. */
  lockDurationMs: number;
}

/**
 * Runs `attempt` (one processor pass over a job, which resumes from the job's checkpoint); when it
 * fails because Redis is away, waits for Redis and runs it again, instead of letting BullMQ spend an
 * attempt and log a failure for work that then succeeds. One warning when Redis goes, one line when it
 * is back. If the job's lock lapsed meanwhile (another worker may hold the job now), it stops.
 */
export async function rideOutRedisOutages<T>(
  options: RideOutOptions,
  job: Job,
  token: string | undefined,
  signal: AbortSignal | undefined,
  attempt: () => Promise<T>,
): Promise<T> {
  const { connection, log } = options;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof DelayedError || !isRedisOutage(error, connection)) throw error;
      log.warn(
        { jobId: job.id, reason: (error as Error).message },
        "Redis is unavailable; the job waits for it",
      );
      await redisBack(connection, signal);
      if (token !== undefined && (await job.extendLock(token, options.lockDurationMs)) !== 1) {
        throw new Error(`job ${job.id} lost its lock while Redis was away; another worker carries it on`);
      }
      log.info({ jobId: job.id }, "Redis is back; the job carries on from its checkpoint");
    }
  }
}
