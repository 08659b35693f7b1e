import type { ProblemCode } from "../errors.ts";

/** Expected failures are values: adapters render them; nothing is thrown for "not allowed". */
export interface Problem {
  code: ProblemCode;
  message: string;
  remedy?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ProblemCode, message: string, remedy?: string): Result<T> => ({
  ok: false,
  problem: { code, message, ...(remedy ? { remedy } : {}) },
});
