/**
 * Carries a gateway call's priority (`CallOptions.priority`) down to the SDK pipeline, where the ARM
 * budget policy spends tokens (arm-budget-policy.ts): the SDK has no per-call slot for our own data,
 * but everything it does for a call runs inside that call's async context.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { CallOptions, CallPriority } from "../commands/ports/backup-gateway.ts";

export interface ArmCallPriority {
  priority: CallPriority;
  order?: number;
}

const current = new AsyncLocalStorage<ArmCallPriority>();

/** Runs `call` (and every ARM request it makes) at the options' priority; without one, at the caller's. */
export function atPriority<T>(options: Pick<CallOptions, "priority" | "order">, call: () => T): T {
  if (!options.priority) return call();
  const at: ArmCallPriority = { priority: options.priority };
  if (options.order !== undefined) at.order = options.order;
  return current.run(at, call);
}

/** The priority of the gateway call this ARM request belongs to; `normal` outside any. */
export function currentPriority(): ArmCallPriority {
  return current.getStore() ?? { priority: "normal" };
}
