/**
 * Errors the Redis stores throw for expected conditions the port expresses as exceptions
 * (`RequestStore.create` on an existing id). Each has a stable `code`, like `KuraError`, so the edge
 * that normalises errors can map it without matching on messages.
 */
export type StoreErrorCode = "REQUEST_EXISTS" | "REQUEST_INVALID" | "STORE_CONTENDED";

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly remedy: string | undefined;

  constructor(code: StoreErrorCode, message: string, remedy?: string) {
    super(message);
    this.name = "StoreError";
    this.code = code;
    this.remedy = remedy;
  }
}
