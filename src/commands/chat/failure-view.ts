/**
 * A failure or warning of a run as the reader's words: kura's code (and, for an Azure job error,
 * Azure's own code) picks the catalog keys through typed records, so an unknown code or a code with
 * no wording fails the type check. Failures and warnings stored before they carried `params` hold
 * only English text; they are shown as stored.
 */
import type { FailureCode, WarningCode } from "../errors.ts";
import type { Failure, Warning } from "../ports/requests.ts";
import { msg } from "./card-facts.ts";
import type { MessageKey } from "./messages/en.ts";
import type { Message } from "./types.ts";

interface Wording {
  message: MessageKey;
  remedy?: MessageKey;
}

const FAILURES: Record<FailureCode, Wording> = {
  AZURE_RP_LIMIT_REACHED: {
    message: "failure.AZURE_RP_LIMIT_REACHED",
    remedy: "remedy.AZURE_RP_LIMIT_REACHED",
  },
  AZURE_THROTTLED: { message: "failure.AZURE_THROTTLED", remedy: "remedy.AZURE_THROTTLED" },
  AZURE_CONFLICT: { message: "failure.AZURE_CONFLICT", remedy: "remedy.AZURE_CONFLICT" },
  AZURE_NOT_FOUND: { message: "failure.AZURE_NOT_FOUND", remedy: "remedy.AZURE_NOT_FOUND" },
  AZURE_FORBIDDEN: { message: "failure.AZURE_FORBIDDEN", remedy: "remedy.AZURE_FORBIDDEN" },
  AZURE_INVALID_INPUT: { message: "failure.AZURE_INVALID_INPUT", remedy: "remedy.AZURE_INVALID_INPUT" },
  AZURE_UNAVAILABLE: { message: "failure.AZURE_UNAVAILABLE", remedy: "remedy.AZURE_UNAVAILABLE" },
  AZURE_JOB_FAILED: { message: "failure.AZURE_JOB_FAILED", remedy: "remedy.AZURE_JOB_FAILED" },
  INVALID_VM_NAME: { message: "failure.INVALID_VM_NAME" },
  VM_NOT_MANAGED: { message: "failure.VM_NOT_MANAGED" },
  CONFIG_INVALID: { message: "failure.CONFIG_INVALID" },
  ABORTED: { message: "failure.ABORTED" },
  // The preflight's own wording says what to do.
  RP_LIMIT_REACHED: { message: "note.RP_LIMIT_REACHED" },
  SCHEDULE_COLLISION: { message: "note.SCHEDULE_COLLISION" },
  DAILY_QUOTA_USED: { message: "note.DAILY_QUOTA_USED" },
  NO_POLICY: { message: "failure.NO_POLICY", remedy: "remedy.NO_POLICY" },
  LIFECYCLE_ABANDONED: { message: "failure.abandoned.given-up", remedy: "remedy.LIFECYCLE_ABANDONED" },
  SNAPSHOT_VM_NOT_DEALLOCATED: {
    message: "problem.SNAPSHOT_VM_NOT_DEALLOCATED",
    remedy: "remedy.SNAPSHOT_VM_NOT_DEALLOCATED",
  },
};

/** Variants of one code's wording, chosen by a parameter (`cause`, `during`, a missing safe time). */
const VARIANTS: Partial<
  Record<FailureCode, (params: Record<string, string | number>) => MessageKey | undefined>
> = {
  LIFECYCLE_ABANDONED: (p) => ABANDONED[String(p.cause)],
  SNAPSHOT_VM_NOT_DEALLOCATED: (p) => (p.during === "snapshot" ? "failure.SNAPSHOT_VM_STARTED" : undefined),
  SCHEDULE_COLLISION: (p) => (p.nextSafeTime ? undefined : "note.SCHEDULE_COLLISION_NO_SAFE"),
};

const ABANDONED: Record<string, MessageKey> = {
  "given-up": "failure.abandoned.given-up",
  stalled: "failure.abandoned.stalled",
  "job-lost": "failure.abandoned.job-lost",
};

/** Remedies for the Azure backup job errors operators meet most, by Azure's own error code. */
export const AZURE_JOB_REMEDIES = {
  UserErrorRpCollectionLimitReached: "remedy.azure.UserErrorRpCollectionLimitReached",
  UserErrorBackupOperationInProgress: "remedy.azure.UserErrorBackupOperationInProgress",
  UserErrorGuestAgentStatusUnavailable: "remedy.azure.UserErrorGuestAgentStatusUnavailable",
  GuestAgentSnapshotTaskStatusError: "remedy.azure.GuestAgentSnapshotTaskStatusError",
  UserErrorVmProvisioningStateFailed: "remedy.azure.UserErrorVmProvisioningStateFailed",
  ExtensionSnapshotFailedNoNetwork: "remedy.azure.ExtensionSnapshotFailedNoNetwork",
  BackUpOperationFailed: "remedy.azure.BackUpOperationFailed",
  BackUpOperationFailedV2: "remedy.azure.BackUpOperationFailed",
} as const satisfies Record<string, MessageKey>;

const WARNINGS: Record<WarningCode, MessageKey> = {
  RP_LIMIT_NEAR: "note.RP_LIMIT_NEAR",
  CANCEL_TOO_LATE: "warning.CANCEL_TOO_LATE",
};

export interface FailureText {
  /** What went wrong, with the code an operator searches for (Azure's own, when Azure gave one). */
  text: Message;
  /** What to do, when kura knows; a whole sentence ("What to do: …"). */
  remedy?: Message;
}

/** A failure in the reader's words; an old English-only failure as stored. */
export function failureText(failure: Failure): FailureText {
  if (!failure.params || !Object.hasOwn(FAILURES, failure.code)) {
    return {
      text: failure.azureCode
        ? msg("note.failureAzure", { message: failure.message, azureCode: failure.azureCode })
        : msg("note.failure", { message: failure.message, code: failure.code }),
      ...(failure.remedy ? { remedy: msg("note.remedy", { remedy: failure.remedy }) } : {}),
    };
  }
  const params = failure.params;
  const wording = FAILURES[failure.code];
  const message = msg(VARIANTS[failure.code]?.(params) ?? wording.message, params);
  const remedyKey = azureRemedy(failure.azureCode) ?? wording.remedy;
  return {
    text: failure.azureCode
      ? msg("note.failureAzure", { message, azureCode: failure.azureCode })
      : msg("note.failure", { message, code: failure.code }),
    ...(remedyKey ? { remedy: msg(remedyKey, params) } : {}),
  };
}

/** The message alone (no code), for a thread line that shows the code itself. */
export function failureMessage(failure: Failure): Message | string {
  if (!failure.params || !Object.hasOwn(FAILURES, failure.code)) return failure.message;
  return msg(VARIANTS[failure.code]?.(failure.params) ?? FAILURES[failure.code].message, failure.params);
}

/** The remedy alone, as `failureText` finds it. */
export function failureRemedy(failure: Failure): Message | string {
  if (!failure.params || !Object.hasOwn(FAILURES, failure.code)) return failure.remedy ?? "";
  const key = azureRemedy(failure.azureCode) ?? FAILURES[failure.code].remedy;
  return key ? msg(key, failure.params) : "";
}

/** A stored warning in the reader's words; an old English warning as stored. */
export function warningText(warning: string | Warning): Message {
  if (typeof warning === "string" || !Object.hasOwn(WARNINGS, warning.code)) {
    return msg("note.warning", { text: typeof warning === "string" ? warning : warning.code });
  }
  return msg(WARNINGS[warning.code], warning.params);
}

function azureRemedy(azureCode: string | undefined): MessageKey | undefined {
  if (!azureCode || !Object.hasOwn(AZURE_JOB_REMEDIES, azureCode)) return undefined;
  return AZURE_JOB_REMEDIES[azureCode as keyof typeof AZURE_JOB_REMEDIES];
}
