/**
 * One ARM request, end to end: auth → throttle → faults → api-version → route → simulation → reply.
 * Every reply carries the ARM headers (request ids, `x-ms-ratelimit-remaining-subscription-*`, ref §5).
 */

import { dispatchCompute } from "../compute/dispatch.ts";
import { type ComputeMatch, matchComputeRoute } from "../compute/routes.ts";
import { ArmError } from "../core/arm-error.ts";
import { vaultKey } from "../core/names.ts";
import { Prng } from "../core/prng.ts";
import type { Simulation } from "../core/simulation.ts";
import type { Faults } from "../http/faults.ts";
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

const requestIds = new Prng(424242);

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
    "x-ms-request-id": requestIds.guid(),
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

function errorResult(err: unknown): ArmResult {
  if (err instanceof ArmError) return { status: err.status, body: err.toBody(), headers: err.headers };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { error: { code: "InternalServerError", message } } };
}
