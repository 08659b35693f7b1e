/**
 * The factory composition roots call: options in (from src/config.ts), a `BackupGateway` out.
 */
import type { TokenCredential } from "@azure/core-auth";
import { KuraError } from "../commands/errors.ts";
import type { BackupGateway, VaultRef } from "../commands/ports/backup-gateway.ts";
import { type Clock, systemClock } from "../commands/ports/clock.ts";
import type { ArmBudget } from "../commands/ports/coordination.ts";
import type { AzureCallObserver } from "../commands/ports/telemetry.ts";
import { AzureBackupGateway } from "./backup-gateway.ts";
import { clientPool, type HttpClient, type RetrySettings } from "./client.ts";
import { checkVaultConfig, type GatewayContext } from "./context.ts";
import { defaultCredential } from "./credential.ts";
import { OperationPace } from "./operation-pace.ts";
import type { PollSettings } from "./operations.ts";
import { SharedReads } from "./shared-reads.ts";

/** How to reach Azure (or the emulator). Values come from src/config.ts; the gateway reads no env. */
export interface BackupGatewayOptions {
  /** The vaults kura manages; VMs are looked up across all of them. */
  vaults: VaultRef[];
  /** ARM endpoint; the emulator's `https://localhost:<port>`. @defaultValue "https://management.azure.com" */
  endpoint?: string;
  /** Extra CA certificate (PEM) to trust: the emulator's. */
  caCertPem?: string;
  /** Most HTTPS connections the process keeps open to ARM. @defaultValue 16 */
  maxSockets?: number;
  /** @defaultValue `DefaultAzureCredential`; use `fixedTokenCredential()` for the emulator. */
  credential?: TokenCredential;
  retry?: RetrySettings;
  polling?: PollSettings;
  /** Fills the open end of one-sided job filters. @defaultValue systemClock */
  clock?: Clock;
  /**
   * How long one listing of a vault's protected items, or one read of a policy, serves every caller.
   * @defaultValue 5000
   */
  sharedReadsMs?: number;
  /** Replaces the HTTP transport (tests only). */
  httpClient?: HttpClient;
  /** Told about every HTTP attempt to ARM (metrics). */
  observer?: AzureCallObserver;
  /** ARM's read and write buckets shared by every process (client.ts); none: no pacing. */
  budget?: ArmBudget;
}

/** Builds the Azure-backed gateway. Throws `CONFIG_INVALID` for an empty or malformed vault list. */
export function createBackupGateway(options: BackupGatewayOptions): BackupGateway {
  if (!Array.isArray(options.vaults) || options.vaults.length === 0) {
    throw new KuraError("CONFIG_INVALID", "No Recovery Services vault is configured.", {
      remedy: "Configure at least one vault (subscription id, resource group, vault name).",
    });
  }
  const ctx: GatewayContext = {
    vaults: Object.freeze(options.vaults.map(checkVaultConfig)),
    // The connection settings are the client's own (ClientSettings); the rest of the options it ignores.
    client: clientPool({ ...options, credential: options.credential ?? defaultCredential() }),
    polling: options.polling ?? {},
    operationPace: new OperationPace(),
    clock: options.clock ?? systemClock,
    sharedReads: new SharedReads(options.sharedReadsMs ?? 5_000),
  };
  return new AzureBackupGateway(ctx);
}
