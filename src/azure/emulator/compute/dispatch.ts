/** Hands a matched Compute route to its handler (the ARM pipeline has already authenticated and throttled). */
import type { ArmResult } from "../arm/context.ts";
import { ArmError } from "../core/arm-error.ts";
import { COMPUTE_HANDLERS, type ComputeContext } from "./handlers.ts";

export function dispatchCompute(name: string, ctx: ComputeContext): ArmResult {
  const handler = COMPUTE_HANDLERS[name];
  if (!handler) throw new ArmError(500, "InternalServerError", `No handler for ${name}.`);
  return handler(ctx);
}
