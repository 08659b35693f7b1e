/**
 * A sender's call as the pipeline sees it: a platform's "wait" (rate-limited, with Retry-After)
 * becomes `RunLater`, so the job is delayed rather than failed; `undeliverable` stays a `SendError`
 * for the caller to decide on; anything else propagates as transient (retried with backoff).
 */
import { SendError } from "../ports/chat-sender.ts";
import { RunLater } from "./run-later.ts";

/** When a platform says "rate limited" without saying how long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

export async function send<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SendError && error.problem === "rate-limited") {
      throw new RunLater(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS, "rate limited");
    }
    throw error;
  }
}

export function isUndeliverable(error: unknown): error is SendError {
  return error instanceof SendError && error.problem === "undeliverable";
}
