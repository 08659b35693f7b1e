/**
 * Carries a gateway call's priority (`CallOptions.priority`) down to the SDK pipeline, where the ARM
 * budget policy spends tokens (arm-budget-policy.ts): the SDK has no per-call slot for our own data,
 * but everything it does for a call runs inside that call's async context.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { CallPriority } from "../commands/ports/backup-gateway.ts";

const current = new AsyncLocalStorage<CallPriority>();

/** Runs `call` (and every ARM request it makes) at `priority`; without one, at the caller's. */
export function atPriority<T>(priority: CallPriority | undefined, call: () => T): T {
  return priority ? current.run(priority, call) : call();
}

/** The priority of the gateway call this ARM request belongs to; `normal` outside any. */
export function currentPriority(): CallPriority {
  return current.getStore() ?? "normal";
}
