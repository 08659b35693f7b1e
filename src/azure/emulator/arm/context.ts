/** What an ARM operation handler receives and returns. */
import { ArmError, notFound } from "../core/arm-error.ts";
import type { Item, Vault } from "../core/model.ts";
import { itemKey } from "../core/names.ts";
import type { Simulation } from "../core/simulation.ts";

export const API_VERSION = "2023-06-01";

export interface ArmContext {
  sim: Simulation;
  vault: Vault;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** `https://host:port` as the client addressed us, for absolute links. */
  origin: string;
  /** The request path as received (still percent-encoded). */
  pathname: string;
}

export interface ArmResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Cut the connection after part of the response (an injected fault). */
  reset?: boolean;
}

export type ArmHandler = (ctx: ArmContext) => ArmResult;

/** The item addressed by `{fabric}/{container}/{item}`, or a 404 ARM error. */
export function resolveItem(ctx: ArmContext): Item {
  const { fabric = "", container = "", item = "" } = ctx.params;
  const found =
    fabric.toLowerCase() === "azure"
      ? ctx.sim.store.items.get(itemKey(ctx.vault.key, container, item))
      : undefined;
  if (!found) {
    throw notFound(
      "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
      item,
      ctx.vault.resourceGroup,
    );
  }
  return found;
}

/** `Location`/`Azure-AsyncOperation`/`Retry-After` of a 202 (ref §3). */
export function acceptedHeaders(
  ctx: ArmContext,
  resultPath: string,
  statusPath?: string,
): Record<string, string> {
  const q = `?api-version=${API_VERSION}`;
  const headers: Record<string, string> = {
    Location: `${ctx.origin}${resultPath}${q}`,
    "Retry-After": String(ctx.sim.behaviour.asyncRetryAfterSeconds),
  };
  if (statusPath !== undefined) headers["Azure-AsyncOperation"] = `${ctx.origin}${statusPath}${q}`;
  return headers;
}

/** Reads `body.properties` as an object or refuses with 400. */
export function bodyProperties(body: unknown, code: string): Record<string, unknown> {
  const props = (body as { properties?: unknown } | null)?.properties;
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    throw new ArmError(400, code, "The request body must be a JSON object with a 'properties' object.");
  }
  return props as Record<string, unknown>;
}
