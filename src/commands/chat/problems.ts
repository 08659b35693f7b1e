/**
 * Use-case problems and gateway errors → catalog messages. The use cases speak English for logs;
 * what users read comes from the code and the facts the caller knows (ids, VM, status).
 */
import { isKuraError, type ProblemCode } from "../errors.ts";
import { DEFAULT_KEEP_REQUESTS_DAYS } from "../requests/prune-history.ts";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../requests/request-backup.ts";
import type { Problem } from "../requests/result.ts";
import type { MessageKey } from "./messages/en.ts";
import type { Message } from "./types.ts";

export interface ProblemContext {
  id?: string;
  vm?: string;
  status?: string;
  expiresAt?: string;
  /** Days an ended request is kept (`REQUEST_NOT_FOUND` names it: the id may be of a removed one). */
  keepDays?: number;
}

/**
 * Every problem code's wording: `problem.<CODE>` where the catalog words it with the caller's facts,
 * Azure's generic wording for the other Azure errors, else the generic one (the code shown). A code
 * added to `ProblemCode` without an entry here, or a key missing from the catalogs, fails `tsc`.
 */
const PROBLEM_KEYS: Record<ProblemCode, MessageKey> = {
  REQUEST_NOT_FOUND: "problem.REQUEST_NOT_FOUND",
  NOT_ALLOWED: "problem.NOT_ALLOWED",
  ALREADY_DECIDED: "problem.ALREADY_DECIDED",
  ALREADY_FINISHED: "problem.ALREADY_FINISHED",
  NOT_AN_APPROVER: "problem.NOT_AN_APPROVER",
  NOT_AN_AUDITOR: "problem.NOT_AN_AUDITOR",
  SELF_APPROVAL: "problem.SELF_APPROVAL",
  REQUEST_EXPIRED: "problem.REQUEST_EXPIRED",
  INVALID_VM_NAME: "problem.INVALID_VM_NAME",
  INVALID_RETENTION: "problem.INVALID_RETENTION",
  VM_NOT_MANAGED: "problem.VM_NOT_MANAGED",
  AZURE_NOT_FOUND: "problem.AZURE_NOT_FOUND",
  AZURE_RP_LIMIT_REACHED: "problem.azure",
  AZURE_THROTTLED: "problem.azure",
  AZURE_CONFLICT: "problem.azure",
  AZURE_FORBIDDEN: "problem.azure",
  AZURE_INVALID_INPUT: "problem.azure",
  AZURE_UNAVAILABLE: "problem.azure",
  AZURE_JOB_FAILED: "problem.azure",
  // Worded where they are met (the snapshot and emergency window hooks); the generic wording elsewhere.
  INVALID_KEEP: "problem.unknown",
  INVALID_WINDOW_HOURS: "problem.unknown",
  SNAPSHOT_VM_NOT_DEALLOCATED: "problem.unknown",
  CONFIG_INVALID: "problem.unknown",
  ABORTED: "problem.unknown",
  REQUEST_EXISTS: "problem.unknown",
  REQUEST_INVALID: "problem.unknown",
  STORE_CONTENDED: "problem.unknown",
};

export function problemMessage(problem: Pick<Problem, "code">, context: ProblemContext = {}): Message {
  const { code } = problem;
  const key = Object.hasOwn(PROBLEM_KEYS, code) ? PROBLEM_KEYS[code] : "problem.unknown";
  if (key === "problem.azure" || key === "problem.unknown") return { key, params: { code } };
  const params: Record<string, string | number> = {
    id: context.id ?? "",
    vm: context.vm ?? "",
    status: context.status ?? "",
    expiresAt: context.expiresAt ?? "",
    min: MIN_RETENTION_DAYS,
    max: MAX_RETENTION_DAYS,
  };
  // A missing id may be one removed after its retention: the message names the setting and its value.
  if (code === "REQUEST_NOT_FOUND") params.keepDays = context.keepDays ?? DEFAULT_KEEP_REQUESTS_DAYS;
  return { key, params };
}

/** A thrown `KuraError` (gateway calls outside the use cases) as a message; anything else rethrown. */
export function errorMessage(error: unknown, context: ProblemContext = {}): Message {
  if (isKuraError(error)) return problemMessage(error, context);
  throw error;
}
