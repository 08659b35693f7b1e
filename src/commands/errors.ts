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
  | "ABORTED"
  | StoreErrorCode;

/**
 * Codes of the Redis stores' errors (`StoreError`, src/store/store-error.ts). They are not Azure's:
 * a run rethrows them for its job to retry instead of failing the request with them.
 */
export type StoreErrorCode = "REQUEST_EXISTS" | "REQUEST_INVALID" | "STORE_CONTENDED";

const STORE_CODES: ReadonlySet<ErrorCode> = new Set<StoreErrorCode>([
  "REQUEST_EXISTS",
  "REQUEST_INVALID",
  "STORE_CONTENDED",
]);

/** An error of kura's own storage rather than of Azure or a rule. */
export function isStoreCode(code: ErrorCode): code is StoreErrorCode {
  return STORE_CODES.has(code);
}

/**
 * Problems a use case returns as values (`Problem.code`, src/commands/requests/result.ts): a thrown
 * `KuraError`'s code, or a rule of the use case. The chat core maps each to a catalog message with a
 * typed record (src/commands/chat/problems.ts), so an unknown code or a missing wording fails `tsc`.
 */
export type ProblemCode =
  | ErrorCode
  | "REQUEST_NOT_FOUND"
  | "NOT_ALLOWED"
  | "ALREADY_DECIDED"
  | "ALREADY_FINISHED"
  | "NOT_AN_APPROVER"
  | "NOT_AN_AUDITOR"
  | "SELF_APPROVAL"
  | "REQUEST_EXPIRED"
  | "INVALID_RETENTION"
  | "INVALID_KEEP"
  | "INVALID_WINDOW_HOURS"
  | "SNAPSHOT_VM_NOT_DEALLOCATED";

/**
 * Why a backup or snapshot run ended failed (`Failure.code`): a `KuraError`'s code, a preflight
 * refusal, or a rule of the run. Rendered per language from `code` + `params`
 * (src/commands/chat/failure-view.ts).
 */
export type FailureCode =
  | Exclude<ErrorCode, StoreErrorCode>
  | "RP_LIMIT_REACHED"
  | "SCHEDULE_COLLISION"
  | "DAILY_QUOTA_USED"
  | "NO_POLICY"
  | "LIFECYCLE_ABANDONED"
  | "SNAPSHOT_VM_NOT_DEALLOCATED";

/** Warnings a run shows on the card and in its thread without failing (`Warning.code`). */
export type WarningCode = "RP_LIMIT_NEAR" | "CANCEL_TOO_LATE";

/** A value for a catalog placeholder. */
export type TextParams = Record<string, string | number>;

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
