import { KuraError, type StoreErrorCode } from "../commands/errors.ts";

export type { StoreErrorCode };

/**
 * Errors the Redis stores throw for expected conditions the port expresses as exceptions
 * (`RequestStore.create` on an existing id, a request that keeps changing under an update). A
 * `KuraError` like every other, so the edge that normalises errors maps it by its `code`; a run
 * rethrows these for its job to retry (`isStoreCode`) instead of failing the request.
 */
export class StoreError extends KuraError {
  constructor(code: StoreErrorCode, message: string, remedy?: string) {
    super(code, message, remedy === undefined ? {} : { remedy });
    this.name = "StoreError";
  }
}
