/**
 * The request a piece of work is for, carried implicitly through async calls (AsyncLocalStorage), so
 * the id a chat command was given reaches every log line and every Azure call made on its behalf
 * (as `x-ms-client-request-id`) without threading it through each port's signature.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Trace {
  /** kura's request id (`r…`): the chat command's, the queue job's, Azure's client request id. */
  requestId: string;
}

const storage = new AsyncLocalStorage<Trace>();

/** Runs `fn` with `trace` as the current request; nested calls see the innermost one. */
export function withTrace<T>(trace: Trace, fn: () => T): T {
  return storage.run(trace, fn);
}

/** The request the current async context works for, if any. */
export function currentTrace(): Trace | undefined {
  return storage.getStore();
}
