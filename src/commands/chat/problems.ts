/**
 * Use-case problems and gateway errors → catalog messages. The use cases speak English for logs;
 * what users read comes from the code and the facts the caller knows (ids, VM, status).
 */
import { isKuraError } from "../errors.ts";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from "../requests/request-backup.ts";
import type { Problem } from "../requests/result.ts";
import type { Message } from "./types.ts";

export interface ProblemContext {
  id?: string;
  vm?: string;
  status?: string;
  expiresAt?: string;
}

/** Codes whose message is worded in the catalog as `problem.<CODE>`. */
const WORDED = new Set([
  "REQUEST_NOT_FOUND",
  "NOT_ALLOWED",
  "ALREADY_DECIDED",
  "ALREADY_FINISHED",
  "NOT_AN_APPROVER",
  "NOT_AN_AUDITOR",
  "SELF_APPROVAL",
  "REQUEST_EXPIRED",
  "INVALID_VM_NAME",
  "INVALID_RETENTION",
  "VM_NOT_MANAGED",
  "AZURE_NOT_FOUND",
]);

export function problemMessage(problem: Pick<Problem, "code">, context: ProblemContext = {}): Message {
  const { code } = problem;
  if (WORDED.has(code)) {
    const params: Record<string, string | number> = {
      id: context.id ?? "",
      vm: context.vm ?? "",
      status: context.status ?? "",
      expiresAt: context.expiresAt ?? "",
      min: MIN_RETENTION_DAYS,
      max: MAX_RETENTION_DAYS,
    };
    return { key: `problem.${code}`, params };
  }
  if (code.startsWith("AZURE_")) return { key: "problem.azure", params: { code } };
  return { key: "problem.unknown", params: { code } };
}

/** A thrown `KuraError` (gateway calls outside the use cases) as a message; anything else rethrown. */
export function errorMessage(error: unknown, context: ProblemContext = {}): Message {
  if (isKuraError(error)) return problemMessage(error, context);
  throw error;
}
