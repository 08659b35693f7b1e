import { isKuraError, isStoreCode } from "../errors.ts";
import type { Failure } from "../ports/requests.ts";
import { Refusal } from "./steps-before-backup.ts";

export type StepErrorVerdict =
  /** Retry the same step later; `transientErrors` is the new count to checkpoint, when it grew. */
  | { kind: "wait"; delayMs: number; reason: string; transientErrors?: number }
  /** The step cannot succeed: this is what the requester is told. */
  | { kind: "fail"; failure: Failure };

/**
 * What a step's error means for a checkpointed run, the same for every kind of run (backup lifecycle,
 * disk snapshots): throttling waits for Retry-After without limit (it delays, never fails); conflicts
 * and outages wait with back-off up to `maxTransient` times in a row; refusals and other Azure errors
 * fail. Anything else (a bug, Redis down) is rethrown for BullMQ to retry the job, and so is an
 * abort: a step interrupted (a worker shutting down) has not failed, it resumes from its checkpoint.
 */
export function judgeStepError(
  error: unknown,
  transientSoFar: number,
  maxTransient: number,
): StepErrorVerdict {
  if (isKuraError(error) && error.code === "ABORTED") throw error;
  if (isKuraError(error) && error.code === "AZURE_THROTTLED") {
    return { kind: "wait", delayMs: Math.max(error.retryAfterMs ?? 5_000, 1_000), reason: "throttled" };
  }
  if (isKuraError(error) && error.code === "AZURE_UNAVAILABLE" && error.retryAfterMs !== undefined) {
    // A 503 that says when to come back is Azure pacing us, like a 429: it delays, never fails.
    return { kind: "wait", delayMs: Math.max(error.retryAfterMs, 1_000), reason: "unavailable" };
  }
  if (isKuraError(error) && error.isTransient && transientSoFar < maxTransient) {
    const seen = transientSoFar + 1;
    return {
      kind: "wait",
      delayMs: Math.min(2 ** seen * 1_000, 60_000),
      reason: error.code,
      transientErrors: seen,
    };
  }
  if (error instanceof Refusal) return { kind: "fail", failure: error.failure };
  if (!isKuraError(error) || isStoreCode(error.code)) throw error;
  return {
    kind: "fail",
    failure: {
      code: error.code,
      message: error.message,
      ...(error.remedy ? { remedy: error.remedy } : {}),
      ...(error.azureCode ? { azureCode: error.azureCode } : {}),
      params: {},
    },
  };
}
