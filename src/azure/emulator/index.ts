/**
 * A local stand-in for ARM's Recovery Services backup API (api-version 2023-06-01), faithful enough that
 * the official SDK cannot tell it from Azure. See docs/emulator.md.
 *
 * Only composition roots and tests may import this module (dependency-cruiser `emulator-is-private`).
 */
import { rm } from "node:fs/promises";
import { EmulatorCore } from "./emulator.ts";
import { makeCertificates } from "./http/cert.ts";
import { listen } from "./http/server.ts";
import type { BehaviourConfig, SeedData } from "./types.ts";

export { DEFAULT_BEHAVIOUR } from "./behaviour.ts";
export { defaultSeed } from "./emulator.ts";
export type { StatsSnapshot } from "./http/stats.ts";
export { type FleetOptions, generateFleet } from "./seed/generate.ts";
export type {
  BehaviourConfig,
  SeedData,
  SeedItem,
  SeedPolicy,
  SeedRecoveryPoint,
  SeedVault,
  Weekday,
} from "./types.ts";

export interface EmulatorOptions {
  /** 0 = a random free port. @defaultValue 0 */
  port?: number;
  /** @defaultValue "127.0.0.1" */
  host?: string;
  /** The initial world: the bundled fixture, nothing, or your own data. @defaultValue "default" */
  seed?: "default" | "empty" | SeedData;
  /** Virtual clock: start time (ISO; default now) and speed (virtual ms per real ms; default 1). */
  clock?: { start?: string; speed?: number };
  /** Where cert.pem/key.pem/ca.pem go. @defaultValue a fresh temporary directory, removed on close */
  certDir?: string;
  /** Extra DNS names the certificate is valid for (e.g. a compose service name). */
  certHosts?: string[];
  /** Timings, GC delay, quotas, throttle buckets; defaults in DEFAULT_BEHAVIOUR. */
  behaviour?: Partial<BehaviourConfig>;
}

export interface EmulatorHandle {
  /** e.g. `https://127.0.0.1:12345` (the certificate covers 127.0.0.1 and localhost). */
  url: string;
  /** PEM the client must trust (`tlsOptions.ca` or NODE_EXTRA_CA_CERTS). */
  caCertPem: string;
  caCertPath: string;
  close(): Promise<void>;
}

/** Starts an emulator over HTTPS and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const core = new EmulatorCore({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.behaviour !== undefined ? { behaviour: options.behaviour } : {}),
  });
  const certs = await makeCertificates(options.certDir, options.certHosts);
  const host = options.host ?? "127.0.0.1";
  const running = await listen(core, { cert: certs.certPem, key: certs.keyPem }, host, options.port ?? 0);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closed = false;
  return {
    url: `https://${urlHost}:${running.port}`,
    caCertPem: certs.caPem,
    caCertPath: certs.caPath,
    async close() {
      if (closed) return;
      closed = true;
      await running.close();
      if (certs.created) await rm(certs.dir, { recursive: true, force: true });
    },
  };
}
