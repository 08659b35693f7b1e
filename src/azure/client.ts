/**
 * Builds the SDK clients: one `RecoveryServicesBackupClient` per subscription (the client is bound to
 * one), pointed at ARM or at the emulator (ref §6: `endpoint`, not `$host`; the emulator's CA through
 * `tlsOptions.ca`), with bounded retries so throttling surfaces quickly as `AZURE_THROTTLED`.
 */
import {
  RecoveryServicesBackupClient,
  type RecoveryServicesBackupClientOptionalParams,
} from "@azure/arm-recoveryservicesbackup";
import type { TokenCredential } from "@azure/core-auth";
import type { ArmBudget } from "../commands/ports/coordination.ts";
import type { AzureCallObserver } from "../commands/ports/telemetry.ts";
import type { PrioritySlots } from "../priority-line.ts";
import { currentTrace } from "../trace.ts";
import { armAgent, armSendSlots, DEFAULT_ARM_MAX_SOCKETS } from "./arm-agent.ts";
import { budgetPolicy } from "./arm-budget-policy.ts";
import { armOperationOf } from "./arm-operation.ts";
import { azureError, throttled, toKuraError } from "./azure-errors.ts";
import { currentPriority } from "./call-priority.ts";
import { retryAfterMs } from "./retry-after.ts";

type AdditionalPolicy = NonNullable<RecoveryServicesBackupClientOptionalParams["additionalPolicies"]>[number];
/** core-rest-pipeline's `HttpClient`, reached through the SDK's option type (no direct dependency). */
export type HttpClient = NonNullable<RecoveryServicesBackupClientOptionalParams["httpClient"]>;

/** Retry tuning for the SDK's retry policy (ref §5). */
export interface RetrySettings {
  /** Retries after the first attempt, for 408/5xx/socket errors and short 429/503 waits. @defaultValue 2 */
  maxRetries?: number;
  /** Base delay of the exponential back-off. @defaultValue 500 */
  retryDelayMs?: number;
  /** Cap of the exponential back-off. @defaultValue 4000 */
  maxRetryDelayMs?: number;
  /**
   * A 429/503 asking for a longer wait than this is not retried inline: it fails at once as
   * `AZURE_THROTTLED` with `retryAfterMs`, so the worker can delay the job instead of a call
   * stalling for minutes. @defaultValue 2000
   */
  maxInlineRetryAfterMs?: number;
}

export interface ClientSettings {
  credential: TokenCredential;
  /** ARM endpoint. @defaultValue "https://management.azure.com" */
  endpoint?: string | undefined;
  /** Extra CA (PEM) to trust, for the emulator's self-signed certificate. */
  caCertPem?: string | undefined;
  /** Most HTTPS connections the process keeps open to ARM (src/azure/arm-agent.ts). @defaultValue 16 */
  maxSockets?: number | undefined;
  retry?: RetrySettings | undefined;
  /** Replaces the HTTP transport (tests only). */
  httpClient?: HttpClient | undefined;
  /** Told about every HTTP attempt (metrics). */
  observer?: AzureCallObserver | undefined;
  /**
   * ARM's read and write buckets, shared by every process: each call takes a token first, ARM's
   * remaining-count headers keep it in step, and a 429 waits its Retry-After and retries that call.
   */
  budget?: ArmBudget | undefined;
}

export const DEFAULT_ENDPOINT = "https://management.azure.com";

/** A lazily built client per subscription id. */
export function clientPool(
  settings: ClientSettings,
): (subscriptionId: string) => RecoveryServicesBackupClient {
  const clients = new Map<string, RecoveryServicesBackupClient>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    let client = clients.get(key);
    if (!client) {
      client = createClient(subscriptionId, settings);
      clients.set(key, client);
    }
    return client;
  };
}

/** One SDK client for one subscription. */
export function createClient(subscriptionId: string, settings: ClientSettings): RecoveryServicesBackupClient {
  const { scope, ...common } = pipelineOptions(settings);
  const options: RecoveryServicesBackupClientOptionalParams = { ...common, credentialScopes: [scope] };
  return new RecoveryServicesBackupClient(settings.credential, subscriptionId, options);
}

/**
 * What every kura ARM client shares, whichever SDK it comes from: the endpoint, the token scope, bounded
 * retries with the throttle guard, the user agent, the emulator's CA and a test transport.
 */
export function pipelineOptions(settings: ClientSettings) {
  const retry = settings.retry ?? {};
  const endpoint = (settings.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  const maxSockets = settings.maxSockets ?? DEFAULT_ARM_MAX_SOCKETS;
  return {
    endpoint,
    // The token's audience is the ARM endpoint (ref §6: default scope is `${endpoint}/.default`).
    scope: `${endpoint}/.default`,
    retryOptions: {
      maxRetries: retry.maxRetries ?? 2,
      retryDelayInMs: retry.retryDelayMs ?? 500,
      maxRetryDelayInMs: retry.maxRetryDelayMs ?? 4000,
    },
    additionalPolicies: [
      clientRequestId(),
      throttleGuard(retry.maxInlineRetryAfterMs ?? 2000),
      noBlindRewrite(),
      // Inside the guard: a 429 is retried here, paced by the shared budget, before the guard sees it.
      ...(settings.budget ? [budgetPolicy(settings.budget)] : []),
      ...(settings.observer ? [observe(settings.observer)] : []),
      // Last, around the send alone: a call waiting for its budget token holds no connection.
      sendInTurn(armSendSlots(maxSockets, settings.caCertPem)),
    ],
    userAgentOptions: { userAgentPrefix: "kura" },
    // One capped keep-alive agent for the whole process (it carries the emulator's CA). The TLS options
    // stay too: a proxy (HTTPS_PROXY) replaces the agent with its own, which reads the CA from them.
    agent: armAgent(maxSockets, settings.caCertPem),
    ...(settings.caCertPem ? { tlsOptions: { ca: settings.caCertPem } } : {}),
    ...(settings.httpClient ? { httpClient: settings.httpClient } : {}),
  };
}

/** One of kura's SDK pipeline policies: per call, or per attempt (inside the SDK's retry loop). */
function pipelinePolicy(
  position: AdditionalPolicy["position"],
  name: string,
  sendRequest: AdditionalPolicy["policy"]["sendRequest"],
): AdditionalPolicy {
  return { position, policy: { name, sendRequest } };
}

/**
 * Runs on every attempt, inside the SDK's retry loop. The SDK's throttling strategy would wait any
 * `Retry-After` in full (ref §5), up to maxRetries times; past our bound we throw a non-`RestError`,
 * which the retry policy rethrows at once.
 */
function throttleGuard(maxInlineMs: number): AdditionalPolicy {
  return pipelinePolicy("perRetry", "kuraThrottleGuard", async (request, next) => {
    const response = await next(request);
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response.headers);
      if (wait !== undefined && wait > maxInlineMs) {
        const azureCode = bodyCode(response.bodyAsText);
        if (response.status === 429) throw throttled(wait, azureCode);
        throw azureError("AZURE_UNAVAILABLE", "Azure is unavailable (HTTP 503).", {
          azureCode,
          retryAfterMs: wait,
        });
      }
    }
    return response;
  });
}

/**
 * A 5xx or a connection lost mid-reply may come AFTER Azure acted on a write: a blind re-send of a POST
 * starts a second backup, and of a PUT a second protection job (each a write of its own in Azure's
 * record, unaudited). So a failed write is never retried inside the SDK: it fails at once (a
 * non-`RestError` the retry policy rethrows), and the caller, which checkpointed its intent first,
 * looks at Azure before it tries again. Reads still retry; a 429 (nothing happened) still waits inline.
 */
function noBlindRewrite(): AdditionalPolicy {
  return pipelinePolicy("perRetry", "kuraNoBlindRewrite", async (request, next) => {
    if (request.method === "GET" || request.method === "HEAD") return next(request);
    let response: Awaited<ReturnType<typeof next>>;
    try {
      response = await next(request);
    } catch (error) {
      throw toKuraError(error);
    }
    if (response.status >= 500 || response.status === 408) {
      const wait = retryAfterMs(response.headers);
      throw azureError(
        "AZURE_UNAVAILABLE",
        `Azure answered a write with HTTP ${response.status}; it may have taken effect.`,
        {
          azureCode: bodyCode(response.bodyAsText),
          ...(wait === undefined ? {} : { retryAfterMs: wait }),
        },
      );
    }
    return response;
  });
}

/**
 * Sends the kura request id the call is made for (the one the chat command got, carried by
 * `withTrace`) as `x-ms-client-request-id`, so Azure's activity log and support can find every ARM
 * call of one backup request; calls outside a request keep the SDK's random id.
 */
function clientRequestId(): AdditionalPolicy {
  return pipelinePolicy("perCall", "kuraClientRequestId", (request, next) => {
    const trace = currentTrace();
    if (trace) request.headers.set("x-ms-client-request-id", trace.requestId);
    return next(request);
  });
}

/** Sends each attempt when one of the process's ARM connections is its turn (arm-agent.ts). */
function sendInTurn(slots: PrioritySlots): AdditionalPolicy {
  return pipelinePolicy("perRetry", "kuraSendInTurn", async (request, next) => {
    const signal = request.abortSignal instanceof AbortSignal ? request.abortSignal : undefined;
    const { priority, order } = currentPriority();
    const release = await slots.take(priority, order, signal);
    try {
      return await next(request);
    } finally {
      release();
    }
  });
}

/** Reports every attempt, retries and 429s included: it runs inside the SDK's retry loop. */
function observe(observer: AzureCallObserver): AdditionalPolicy {
  return pipelinePolicy("perRetry", "kuraCallObserver", async (request, next) => {
    const began = Date.now();
    const { operation } = armOperationOf(request.method, request.url);
    let status = 0;
    try {
      const response = await next(request);
      status = response.status;
      return response;
    } catch (error) {
      status = (error as { statusCode?: number }).statusCode ?? 0;
      throw error;
    } finally {
      observer.azureCall({ operation, status, durationMs: Date.now() - began });
    }
  });
}

function bodyCode(body: string | null | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}
