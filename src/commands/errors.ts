/**
 * Every failure kura reports has a stable string `code` (for logs, tests and i18n keys), a human
 * `message` saying what went wrong, and where one exists a `remedy` saying what the operator can do.
 * Adapters normalise errors once, at their edge, into this shape.
 */
export type ErrorCode =
  | "AZURE_RP_LIMIT_REACHED"
  | "AZURE_THROTTLED"
  | "AZURE_CONFLICT"
  | "AZURE_NOT_FOUND"
  | "AZURE_FORBIDDEN"
  | "AZURE_INVALID_INPUT"
  | "AZURE_UNAVAILABLE"
  | "AZURE_JOB_FAILED"
  | "INVALID_VM_NAME"
  | "VM_NOT_MANAGED"
  | "CONFIG_INVALID"
  | "ABORTED";

export interface KuraErrorOptions {
  remedy?: string;
  /** Set for throttling: how long the caller must wait before the same call may succeed. */
  retryAfterMs?: number;
  /** Azure's own error code (e.g. `UserErrorRpCollectionLimitReached`), kept verbatim for operators. */
  azureCode?: string;
  cause?: unknown;
}

export class KuraError extends Error {
  readonly code: ErrorCode;
  readonly remedy: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly azureCode: string | undefined;

  constructor(code: ErrorCode, message: string, options: KuraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KuraError";
    this.code = code;
    this.remedy = options.remedy;
    this.retryAfterMs = options.retryAfterMs;
    this.azureCode = options.azureCode;
  }

  /** A retry later can succeed (throttling, a conflicting operation in progress, a transient outage). */
  get isTransient(): boolean {
    return (
      this.code === "AZURE_THROTTLED" || this.code === "AZURE_CONFLICT" || this.code === "AZURE_UNAVAILABLE"
    );
  }

  /** A plain object safe to log or serialise: no cause chain, so no request or credential details. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      remedy: this.remedy,
      retryAfterMs: this.retryAfterMs,
      azureCode: this.azureCode,
    };
  }
}

export function isKuraError(value: unknown): value is KuraError {
  return value instanceof KuraError;
}
