import { readFileSync } from "node:fs";
import { createBackupGateway, createComputeGateway, fixedTokenCredential } from "../azure/index.ts";
import type { BackupGateway, VaultRef } from "../commands/ports/backup-gateway.ts";
import type { Clock } from "../commands/ports/clock.ts";
import type { ComputeGateway } from "../commands/ports/compute-gateway.ts";
import type { ArmBudget } from "../commands/ports/coordination.ts";
import type { AzureCallObserver } from "../commands/ports/telemetry.ts";
import type { KuraConfig } from "../config.ts";

/** The demo vault of the emulator's default seed (src/azure/emulator/seed/default.json). */
export const DEMO_VAULT: VaultRef = {
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroup: "rg-kura-demo",
  name: "rsv-kura-demo",
};

export interface AzureConnection {
  gateway: BackupGateway;
  /** VM power state, disks and snapshots (the disk snapshot alternative), on the same endpoint. */
  compute: ComputeGateway;
  /** Where ARM (or the emulator) answers. */
  endpoint: string;
  /** The embedded emulator's demo world: fresh at every start (its state is not kept). */
  demo?: boolean;
  close(): Promise<void>;
}

/**
 * Connects kura to Azure, or to an emulator: in `emulator` mode an ARM endpoint that is set names an
 * emulator already running (tests, docker compose); none set starts the embedded one with demo data,
 * which is what `npm start` does on a fresh machine.
 */
export async function connectAzure(
  config: Readonly<KuraConfig>,
  clock: Clock,
  observer?: AzureCallObserver,
  budget?: ArmBudget,
): Promise<AzureConnection> {
  const observed = {
    ...(observer ? { observer } : {}),
    ...(budget ? { budget } : {}),
    maxSockets: config.azure.armMaxSockets,
  };
  const vaults = config.vaults.length > 0 ? config.vaults.map(toVaultRef) : [DEMO_VAULT];
  if (config.azure.mode === "azure") {
    const endpoint = config.azure.armEndpoint ?? "https://management.azure.com";
    const caCertPem = config.azure.caCertFile ? readFileSync(config.azure.caCertFile, "utf8") : undefined;
    const gateway = createBackupGateway({
      vaults,
      endpoint,
      clock,
      ...observed,
      ...(caCertPem ? { caCertPem } : {}),
    });
    const compute = createComputeGateway({ endpoint, ...observed, ...(caCertPem ? { caCertPem } : {}) });
    return { gateway, compute, endpoint, close: async () => {} };
  }
  if (config.azure.armEndpoint) {
    const caCertPem = config.azure.caCertFile ? readFileSync(config.azure.caCertFile, "utf8") : undefined;
    const gateway = createBackupGateway({
      vaults,
      endpoint: config.azure.armEndpoint,
      credential: fixedTokenCredential(),
      clock,
      ...observed,
      ...(caCertPem ? { caCertPem } : {}),
    });
    const compute = createComputeGateway({
      endpoint: config.azure.armEndpoint,
      credential: fixedTokenCredential(),
      ...observed,
      ...(caCertPem ? { caCertPem } : {}),
    });
    return { gateway, compute, endpoint: config.azure.armEndpoint, close: async () => {} };
  }
  const { startEmulator } = await import("../azure/emulator/index.ts");
  // A demo backup takes ~41 emulated minutes: at the default 60x it is done in about a minute.
  const emulator = await startEmulator({ seed: "default", clock: { speed: config.azure.demoSpeed } });
  const gateway = createBackupGateway({
    vaults,
    endpoint: emulator.url,
    caCertPem: emulator.caCertPem,
    credential: fixedTokenCredential(),
    clock,
    ...observed,
  });
  const compute = createComputeGateway({
    endpoint: emulator.url,
    caCertPem: emulator.caCertPem,
    credential: fixedTokenCredential(),
    ...observed,
  });
  return { gateway, compute, endpoint: emulator.url, demo: true, close: () => emulator.close() };
}

function toVaultRef(vault: VaultRef): VaultRef {
  return { subscriptionId: vault.subscriptionId, resourceGroup: vault.resourceGroup, name: vault.name };
}
