/**
 * A Bot Connector failure in the delivery pipeline's words (`SendError`): throttling and gateway
 * hiccups wait the advised time, a conversation kura was removed from is undeliverable at once.
 */
import { SendError } from "../../commands/ports/chat-sender.ts";

/** When Teams says 429 without a Retry-After: about a second clears its per-conversation limit. */
const DEFAULT_RETRY_MS = 1_000;

interface ConnectorFailure {
  statusCode?: number;
  code?: string;
  response?: { status?: number; headers?: { get?(name: string): string | undefined | null } };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `now`. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1_000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The HTTP status of a connector call's failure, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  const failure = error as ConnectorFailure | undefined;
  return failure?.statusCode ?? failure?.response?.status;
}

export function toSendError(error: unknown, what: string): SendError {
  if (error instanceof SendError) return error;
  const status = statusOf(error);
  const advised = retryAfterMs(
    (error as ConnectorFailure | undefined)?.response?.headers?.get?.("retry-after"),
  );
  const code = status === undefined ? (error as ConnectorFailure | undefined)?.code : `HTTP ${status}`;
  const options = { cause: error, ...(code ? { platformCode: code } : {}) };
  if (status === 429) {
    return new SendError("rate-limited", `Teams throttled ${what}`, {
      ...options,
      retryAfterMs: advised ?? DEFAULT_RETRY_MS,
    });
  }
  if (status === 403 || status === 404) {
    return new SendError("undeliverable", `Teams refused ${what}: kura is not in that conversation`, {
      ...options,
      remedy: { key: "teams.remedy.notInstalled" },
    });
  }
  if (status === 400 || status === 413) {
    return new SendError("undeliverable", `Teams rejected ${what} (${status})`, options);
  }
  // 412, 502, 504 and the rest: retried, after the advised delay when Teams gives one.
  return new SendError("transient", `Teams could not take ${what}${status ? ` (${status})` : ""}`, {
    ...options,
    ...(advised === undefined ? {} : { retryAfterMs: advised }),
  });
}
