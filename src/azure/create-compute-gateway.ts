/**
 * The factory composition roots call for the Compute side (disk snapshots): same credential, endpoint,
 * CA and retry plumbing as the backup gateway (src/azure/client.ts).
 */
import type { ComputeManagementClient } from "@azure/arm-compute";
import type { TokenCredential } from "@azure/core-auth";
import type { ComputeGateway } from "../commands/ports/compute-gateway.ts";
import type { ArmBudget } from "../commands/ports/coordination.ts";
import type { AzureCallObserver } from "../commands/ports/telemetry.ts";
import { type HttpClient, pipelineOptions, type RetrySettings } from "./client.ts";
import { AzureComputeGateway } from "./compute-gateway.ts";
import { defaultCredential } from "./credential.ts";

export interface ComputeGatewayOptions {
  /** ARM endpoint; the emulator's `https://localhost:<port>`. @defaultValue "https://management.azure.com" */
  endpoint?: string;
  /** Extra CA certificate (PEM) to trust: the emulator's. */
  caCertPem?: string;
  /** Most HTTPS connections the process keeps open to ARM. @defaultValue 16 */
  maxSockets?: number;
  /** @defaultValue `DefaultAzureCredential`; use `fixedTokenCredential()` for the emulator. */
  credential?: TokenCredential;
  retry?: RetrySettings;
  /** Between snapshot operation status reads when Azure sends no Retry-After. @defaultValue 2000 */
  pollIntervalMs?: number;
  /** Replaces the HTTP transport (tests only). */
  httpClient?: HttpClient;
  /** Told about every HTTP attempt to ARM (metrics). */
  observer?: AzureCallObserver;
  /** ARM's read and write buckets shared by every process (client.ts); none: no pacing. */
  budget?: ArmBudget;
}

export function createComputeGateway(options: ComputeGatewayOptions = {}): ComputeGateway {
  const credential = options.credential ?? defaultCredential();
  let pool: Promise<(subscriptionId: string) => ComputeManagementClient> | undefined;
  // Loaded on first use: only snapshot work needs the Compute SDK (several MB a worker would hold).
  const clients = () => {
    pool ??= import("@azure/arm-compute").then(({ ComputeManagementClient }) => {
      const made = new Map<string, ComputeManagementClient>();
      return (subscriptionId: string) => {
        const key = subscriptionId.toLowerCase();
        let found = made.get(key);
        if (!found) {
          const { scope, ...common } = pipelineOptions({ ...options, credential });
          found = new ComputeManagementClient(credential, subscriptionId, {
            ...common,
            credentials: { scopes: [scope] },
          });
          made.set(key, found);
        }
        return found;
      };
    });
    return pool;
  };
  return new AzureComputeGateway({ clients, pollIntervalMs: options.pollIntervalMs ?? 2_000 });
}
