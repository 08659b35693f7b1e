/**
 * The one place where Azure failures become `KuraError`s. Works on the shapes the SDK really throws
 * (ref §4): core-client's `RestError` (`statusCode`, `code` = `body.error.code`, `message` =
 * `body.error.message`, non-enumerable `request`/`response`), socket errors as a `RestError` without
 * a status, `AbortError`, and @azure/identity's credential errors. The raw error is never kept as
 * `cause`: its `request` carries the `Authorization` header.
 */
import { type ErrorCode, KuraError } from "../commands/errors.ts";
import { type HeaderReader, retryAfterMs } from "./retry-after.ts";

/** Used when Azure throttles without saying for how long (ARM normally sends Retry-After). */
export const DEFAULT_THROTTLE_MS = 30_000;

const RP_LIMIT_CODE = "UserErrorRpCollectionLimitReached";
const RP_LIMIT_TEXT = /Restore Point collection max limit/i;
/** "Another operation is in progress" family (ref §4, §8.1): wait and retry. */
const CONFLICT_CODES = new Set(
  [
    "BMSUserErrorObjectLocked",
    "BMSUserErrorConflictingProtectionOperation",
    "UserErrorBackupOperationInProgress",
    "Conflict",
    "AnotherOperationInProgress",
  ].map((c) => c.toLowerCase()),
);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "REQUEST_SEND_ERROR",
  "PARSE_ERROR",
  "ERR_STREAM_PREMATURE_CLOSE",
]);
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/i;
const CREDENTIAL_ERRORS = new Set([
  "CredentialUnavailableError",
  "AuthenticationError",
  "AggregateAuthenticationError",
  "AuthenticationRequiredError",
]);

const REMEDY: Record<ErrorCode, string | undefined> = {
  AZURE_RP_LIMIT_REACHED:
    "The VM's restore point collection is full (18 points). Keep protection resumed for about 48 hours so " +
    "Azure's garbage collection can remove expired points, and remove any lock on the AzureBackupRG_* group.",
  AZURE_THROTTLED: "Azure is throttling requests; kura retries after the time Azure asked for.",
  AZURE_CONFLICT: "Another operation on this item is in progress in Azure; wait for it to finish and retry.",
  AZURE_NOT_FOUND: "Check the name and that the VM is protected in one of the vaults kura is configured for.",
  AZURE_FORBIDDEN:
    "Check kura's Azure identity (managed identity or az login) and that it holds the Backup role on the vault.",
  AZURE_INVALID_INPUT: "Azure rejected the request as invalid; check the VM, vault and policy involved.",
  AZURE_UNAVAILABLE: "Azure could not be reached or failed; kura retries later.",
  AZURE_JOB_FAILED: undefined,
  INVALID_VM_NAME: undefined,
  VM_NOT_MANAGED: undefined,
  CONFIG_INVALID: undefined,
  ABORTED: undefined,
  REQUEST_EXISTS: undefined,
  REQUEST_INVALID: undefined,
  STORE_CONTENDED: undefined,
};

/** Builds a KuraError for an Azure outcome, with the standard remedy for its code. */
export function azureError(
  code: ErrorCode,
  message: string,
  extra: { azureCode?: string | undefined; retryAfterMs?: number | undefined; remedy?: string } = {},
): KuraError {
  return new KuraError(code, sanitize(message), {
    remedy: extra.remedy ?? REMEDY[code],
    ...(extra.azureCode ? { azureCode: extra.azureCode } : {}),
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
  });
}

/** Throttling, with the wait Azure asked for. */
export function throttled(waitMs: number | undefined, azureCode?: string): KuraError {
  const ms = waitMs ?? DEFAULT_THROTTLE_MS;
  return azureError("AZURE_THROTTLED", `Azure is throttling requests; retry in ${Math.ceil(ms / 1000)} s.`, {
    azureCode,
    retryAfterMs: ms,
  });
}

/**
 * Classifies Azure's own error code and message (from an ARM error body, or an operation status's
 * `error`), before looking at the HTTP status: the code says more (ref §5: some 429s are conflicts).
 */
export function classifyAzureCode(code: string | undefined, message: string): ErrorCode | undefined {
  if (code === RP_LIMIT_CODE || RP_LIMIT_TEXT.test(message)) return "AZURE_RP_LIMIT_REACHED";
  if (code && CONFLICT_CODES.has(code.toLowerCase())) return "AZURE_CONFLICT";
  return undefined;
}

function classifyStatus(status: number): ErrorCode {
  if (status === 429) return "AZURE_THROTTLED";
  if (status === 409 || status === 412) return "AZURE_CONFLICT";
  if (status === 404) return "AZURE_NOT_FOUND";
  if (status === 401 || status === 403) return "AZURE_FORBIDDEN";
  if (status === 408 || status >= 500) return "AZURE_UNAVAILABLE";
  return "AZURE_INVALID_INPUT";
}

interface RestErrorShape {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { headers?: HeaderReader };
}

/** Normalises anything thrown while talking to Azure into a `KuraError` (KuraErrors pass through). */
export function toKuraError(err: unknown, signal?: AbortSignal): KuraError {
  if (err instanceof KuraError) return err;
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as RestErrorShape;
  const name = e.name ?? "";
  const message = typeof e.message === "string" ? e.message : "";
  if (name === "AbortError" || signal?.aborted) {
    return new KuraError("ABORTED", "The Azure call was cancelled.");
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return azureError("AZURE_FORBIDDEN", `Could not get an Azure access token (${name}).`);
  }
  if (typeof e.statusCode === "number") return fromHttpError(e, message);
  if (name === "RestError" || typeof e.code === "string") return fromSendError(e.code);
  if (/Bearer token authentication is not permitted for non-TLS/i.test(message)) {
    return new KuraError("CONFIG_INVALID", "The Azure endpoint must use https.", {
      remedy: "Set the Azure (or emulator) endpoint to an https:// URL.",
    });
  }
  return azureError("AZURE_UNAVAILABLE", `Unexpected error while talking to Azure: ${message || name}`);
}

function fromHttpError(e: RestErrorShape, message: string): KuraError {
  const status = e.statusCode ?? 0;
  const azureCode = typeof e.code === "string" && e.code.length > 0 ? e.code : undefined;
  const wait = retryAfterMs(e.response?.headers);
  const code = classifyAzureCode(azureCode, message) ?? classifyStatus(status);
  if (code === "AZURE_THROTTLED") return throttled(wait, azureCode);
  const text = message.trim() || `HTTP ${status}`;
  const prefix = azureCode ? `Azure ${azureCode}` : `Azure returned HTTP ${status}`;
  return azureError(code, `${prefix}: ${text}`, {
    azureCode,
    retryAfterMs: code === "AZURE_UNAVAILABLE" || code === "AZURE_CONFLICT" ? wait : undefined,
  });
}

function fromSendError(sysCode: string | undefined): KuraError {
  if (sysCode && TLS_CODE.test(sysCode)) {
    return new KuraError("CONFIG_INVALID", `TLS check of the Azure endpoint failed (${sysCode}).`, {
      remedy: "For the emulator, pass its CA certificate (caCertPem); never disable TLS verification.",
    });
  }
  const what = sysCode && NETWORK_CODES.has(sysCode) ? sysCode : "network error";
  return azureError("AZURE_UNAVAILABLE", `Azure could not be reached (${what}).`);
}

/**
 * Strips what must never reach a log or a chat: bearer tokens, query strings (SAS tokens, skip
 * tokens) and over-long text.
 */
export function sanitize(text: string): string {
  return text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer <redacted>")
    .replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/gi, "$1")
    .replace(/[\p{Cc}]/gu, " ")
    .slice(0, 500);
}
