/**
 * One ARM request, end to end: auth → throttle → faults → api-version → route → simulation → reply.
 * Every reply carries the ARM headers (request ids, `x-ms-ratelimit-remaining-subscription-*`, ref §5).
 */

import { randomUUID } from "node:crypto";
import { dispatchCompute } from "../compute/dispatch.ts";
import { type ComputeMatch, matchComputeRoute } from "../compute/routes.ts";
import { ArmError } from "../core/arm-error.ts";
import { vaultKey } from "../core/names.ts";
import type { Simulation } from "../core/simulation.ts";
import type { AfterWriteFault, Faults } from "../http/faults.ts";
import type { Stats } from "../http/stats.ts";
import type { RequestKind, TokenBuckets } from "../http/throttle.ts";
import { API_VERSION, type ArmResult } from "./context.ts";
import { HANDLERS } from "./handlers/index.ts";
import { decodeSegments, matchRoute } from "./routes.ts";

export interface ArmServices {
  sim: () => Simulation;
  throttle: TokenBuckets;
  faults: Faults;
  stats: Stats;
}

export interface ArmRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  origin: string;
}

export async function handleArm(services: ArmServices, req: ArmRequest): Promise<ArmResult> {
  const kind: RequestKind = req.method === "GET" || req.method === "HEAD" ? "reads" : "writes";
  const segments = decodeSegments(req.url.pathname);
  // Compute paths (the disk snapshot alternative) first; everything else is the vault API.
  const compute = segments ? matchComputeRoute(req.method, segments) : undefined;
  const match =
    compute?.match ?? (segments ? matchRoute(req.method, segments) : { kind: "none" as const, params: {} });
  const opName = match.kind === "route" ? match.route.name : "Unknown";
  const subscription = (match.params as Record<string, string>).subscriptionId ?? "-";
  let fault = false;
  const headers: Record<string, string> = {
    // Unique across emulator starts, as ARM's are (a seeded sequence would repeat from one start to the next).
    "x-ms-request-id": randomUUID(),
  };
  headers["x-ms-correlation-request-id"] = headers["x-ms-request-id"] as string;
  const clientId = req.headers["x-ms-client-request-id"];
  if (typeof clientId === "string") headers["x-ms-client-request-id"] = clientId;

  let result: ArmResult;
  try {
    const auth = req.headers.authorization;
    if (typeof auth !== "string" || auth === "") {
      throw new ArmError(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
      );
    }
    if (!/^Bearer\s+\S+/i.test(auth)) {
      throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.");
    }
    const take = services.throttle.take(subscription, kind);
    headers[`x-ms-ratelimit-remaining-subscription-${kind}`] = String(take.remaining);
    if (!take.ok) {
      throw new ArmError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of '${kind === "reads" ? "read" : "write"}' requests for subscription '${subscription}' exceeded. Please try again after '${take.retryAfterSeconds}' seconds after the additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
        { "Retry-After": String(take.retryAfterSeconds) },
      );
    }
    result = await dispatch(services, req, match, compute, () => {
      fault = true;
    });
  } catch (err) {
    result = errorResult(err);
  }
  if (kind === "writes" && result.status < 300) {
    const after = services.faults.drawAfterWrite(opName);
    if (after) {
      fault = true;
      result = ambiguousAnswer(after, result, services.faults.settings.retryAfterSeconds);
    }
  }
  services.stats.record(opName, kind, result.status, fault);
  services.stats.remember({
    method: req.method,
    path: req.url.pathname,
    operation: opName,
    status: result.status,
    clientRequestId: typeof clientId === "string" ? clientId : undefined,
  });
  const holdMs = services.faults.holdResponses.get(opName) ?? 0;
  if (holdMs > 0) await new Promise((r) => setTimeout(r, holdMs));
  return { ...result, headers: { ...headers, ...result.headers } };
}

async function dispatch(
  services: ArmServices,
  req: ArmRequest,
  match: ReturnType<typeof matchRoute>,
  compute: ComputeMatch | undefined,
  markFault: () => void,
): Promise<ArmResult> {
  const { latencyMs } = services.faults.settings;
  if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
  const fate = services.faults.draw();
  if (fate) markFault();
  if (fate === "429") {
    throw new ArmError(429, "SubscriptionRequestsThrottled", "Injected throttling (emulator fault).", {
      "Retry-After": "1",
    });
  }
  if (fate === "5xx") {
    throw new ArmError(500, "InternalServerError", "Encountered internal server error (emulator fault).");
  }
  if (fate === "503") throw unavailable(services.faults.settings.retryAfterSeconds);
  checkApiVersion(
    req.url.searchParams.get("api-version"),
    compute?.apiVersion ?? API_VERSION,
    compute?.type ?? "vaults",
  );
  if (match.kind === "none") {
    throw new ArmError(
      404,
      "InvalidResourceType",
      `The resource path '${req.url.pathname}' is not served by this Azure Backup emulator for api version '${API_VERSION}'.`,
    );
  }
  if (match.kind === "method") {
    throw new ArmError(
      405,
      "MethodNotAllowed",
      `The requested resource does not support http method '${req.method}'.`,
    );
  }
  const sim = services.sim();
  sim.sync();
  checkScope(sim, match.params as Record<string, string>);
  if (compute) {
    const { params, route } = match;
    const query = req.url.searchParams;
    const body = parseBody(req);
    return dispatchCompute(route.name, {
      sim,
      params,
      query,
      body,
      origin: req.origin,
      pathname: req.url.pathname,
    });
  }
  const p = match.params;
  const vault = sim.store.vaults.get(vaultKey(p.subscriptionId ?? "", p.resourceGroup ?? "", p.vault ?? ""));
  if (!vault) {
    throw new ArmError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.RecoveryServices/vaults/${p.vault}' under resource group '${p.resourceGroup}' was not found.`,
    );
  }
  const handler = HANDLERS[match.route.name];
  if (!handler) throw new ArmError(500, "InternalServerError", `No handler for ${match.route.name}.`);
  return handler({
    sim,
    vault,
    params: p,
    query: req.url.searchParams,
    body: parseBody(req),
    origin: req.origin,
    pathname: req.url.pathname,
  });
}

/** ARM's answers for a subscription or resource group that does not exist, before any resource's. */
function checkScope(sim: Simulation, params: Record<string, string>): void {
  const { subscriptionId, resourceGroup } = params;
  if (subscriptionId === undefined) return;
  const store = sim.store;
  if (!store.compute.hasSubscription(subscriptionId, store.vaults.keys())) {
    throw new ArmError(
      404,
      "SubscriptionNotFound",
      `The subscription '${subscriptionId}' could not be found.`,
    );
  }
  if (
    resourceGroup !== undefined &&
    !store.compute.hasResourceGroup(subscriptionId, resourceGroup, store.vaults.keys())
  ) {
    throw new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
  }
}

function checkApiVersion(version: string | null, expected: string, type: string): void {
  if (version === null || version === "") {
    throw new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  if (version !== expected) {
    throw new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for API version '${version}' and type '${type}'. The supported api-versions are '${expected}'.`,
    );
  }
}

function parseBody(req: ArmRequest): unknown {
  if (req.method !== "PUT" && req.method !== "POST") return undefined;
  if (req.body.trim() === "") return undefined;
  try {
    return JSON.parse(req.body);
  } catch {
    throw new ArmError(
      400,
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized.",
    );
  }
}

function unavailable(retryAfterSeconds: number): ArmError {
  return new ArmError(
    503,
    "ServiceUnavailable",
    "The service is temporarily unavailable (emulator fault). Please retry later.",
    { "Retry-After": String(retryAfterSeconds) },
  );
}

/** The answer to a write that DID take effect: the client can't tell it from one that did not. */
function ambiguousAnswer(fault: AfterWriteFault, done: ArmResult, retryAfterSeconds: number): ArmResult {
  if (fault === "reset") return { ...done, reset: true };
  const error =
    fault === "503"
      ? unavailable(retryAfterSeconds)
      : new ArmError(500, "InternalServerError", "Encountered internal server error (emulator fault).");
  return errorResult(error);
}

function errorResult(err: unknown): ArmResult {
  if (err instanceof ArmError) return { status: err.status, body: err.toBody(), headers: err.headers };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { error: { code: "InternalServerError", message } } };
}
