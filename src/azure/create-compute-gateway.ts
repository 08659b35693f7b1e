/**
 * The factory composition roots call for the Compute side (disk snapshots): same credential, endpoint,
 * CA and retry plumbing as the backup gateway (src/azure/client.ts).
 */
import { ComputeManagementClient } from "@azure/arm-compute";
import type { TokenCredential } from "@azure/core-auth";
import type { ComputeGateway } from "../commands/ports/compute-gateway.ts";
import type { AzureCallObserver } from "../commands/ports/telemetry.ts";
import { type HttpClient, pipelineOptions, type RetrySettings } from "./client.ts";
import { AzureComputeGateway } from "./compute-gateway.ts";
import { defaultCredential } from "./credential.ts";

export interface ComputeGatewayOptions {
  /** ARM endpoint; the emulator's `https://localhost:<port>`. @defaultValue "https://management.azure.com" */
  endpoint?: string;
  /** Extra CA certificate (PEM) to trust: the emulator's. */
  caCertPem?: string;
  /** @defaultValue `DefaultAzureCredential`; use `fixedTokenCredential()` for the emulator. */
  credential?: TokenCredential;
  retry?: RetrySettings;
  /** Between snapshot operation status reads when Azure sends no Retry-After. @defaultValue 2000 */
  pollIntervalMs?: number;
  /** Replaces the HTTP transport (tests only). */
  httpClient?: HttpClient;
  /** Told about every HTTP attempt to ARM (metrics). */
  observer?: AzureCallObserver;
}

export function createComputeGateway(options: ComputeGatewayOptions = {}): ComputeGateway {
  const credential = options.credential ?? defaultCredential();
  const clients = new Map<string, ComputeManagementClient>();
  const client = (subscriptionId: string) => {
    const key = subscriptionId.toLowerCase();
    let found = clients.get(key);
    if (!found) {
      const { scope, ...common } = pipelineOptions({
        credential,
        endpoint: options.endpoint,
        caCertPem: options.caCertPem,
        retry: options.retry,
        httpClient: options.httpClient,
        observer: options.observer,
      });
      found = new ComputeManagementClient(credential, subscriptionId, {
        ...common,
        credentials: { scopes: [scope] },
      });
      clients.set(key, found);
    }
    return found;
  };
  return new AzureComputeGateway({ client, pollIntervalMs: options.pollIntervalMs ?? 2_000 });
}
