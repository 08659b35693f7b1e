/**
 * One in-process ARM emulator for a test file, through its public API only (src/azure/emulator/index.ts),
 * with a gateway pointed at it (HTTPS, the emulator's CA, a fixed token) and typed admin helpers that
 * call `/_emulator/...` over HTTP like any other client would.
 */
import type { BackupGatewayOptions } from "../../src/azure/create-backup-gateway.ts";
import { createBackupGateway } from "../../src/azure/create-backup-gateway.ts";
import { fixedTokenCredential } from "../../src/azure/credential.ts";
import { type EmulatorOptions, type StatsSnapshot, startEmulator } from "../../src/azure/emulator/index.ts";
import type { BackupGateway, VaultRef } from "../../src/commands/ports/backup-gateway.ts";
import { adminClient } from "./emulator-admin.ts";

/** The default seed's vault (docs/emulator.md). */
export const DEMO_VAULT: VaultRef = Object.freeze({
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  resourceGroup: "rg-kura-demo",
  name: "rsv-kura-demo",
});

/** Short enough for tests, still ≥ the SDK's own pacing. */
export const FAST_BEHAVIOUR = { protectionOperationMs: 300, triggerOperationMs: 100 } as const;

export interface ClockView {
  now: string;
  speed: number;
  pendingEvents: number;
  nextEventAt: string | null;
}

export interface ItemState {
  vmName: string;
  protectionState: string;
  policyName: string | null;
  instantRpCount: number;
  recoveryPointCount: number;
  gcRuns: number;
  activeBackupJobId: string | null;
  pendingOperationId: string | null;
}

export interface JobState {
  id: string;
  vmName: string;
  operation: string;
  status: string;
  isUserTriggered: boolean;
  startTime: string;
  endTime: string | null;
  error: string | null;
}

export interface WorldState {
  now: string;
  vaults: { name: string; items: ItemState[]; jobs: JobState[] }[];
}

export type Stats = StatsSnapshot;

export interface TestEmulator {
  url: string;
  caCertPem: string;
  vault: VaultRef;
  /** A gateway on the emulator; fast polling, the default vault, overridable. */
  gateway(overrides?: Partial<BackupGatewayOptions>): BackupGateway;
  admin: {
    clock(): Promise<ClockView>;
    advance(ms: number): Promise<ClockView>;
    setClock(iso: string): Promise<ClockView>;
    reset(seed?: unknown): Promise<void>;
    state(): Promise<WorldState>;
    item(vmName: string): Promise<ItemState>;
    faults(patch: Record<string, unknown>): Promise<unknown>;
    behaviour(patch: Record<string, unknown>): Promise<unknown>;
    stats(): Promise<Stats>;
  };
  close(): Promise<void>;
}

/** Starts an emulator (default seed, fast protection operations unless overridden). */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ ...options, behaviour: { ...FAST_BEHAVIOUR, ...options.behaviour } });
  const client = adminClient(emu.url, emu.caCertPem);
  const call = <T>(method: string, path: string, body?: unknown) =>
    client.request<T>(method, path.replace(/^\/_emulator\//, ""), body);
  const admin: TestEmulator["admin"] = {
    clock: () => call("GET", "/_emulator/clock"),
    advance: (ms) => call("POST", "/_emulator/clock", { advanceMs: ms }),
    setClock: (iso) => call("POST", "/_emulator/clock", { set: iso }),
    reset: async (seed) => {
      await call("POST", "/_emulator/reset", seed === undefined ? {} : { seed });
    },
    state: () => call("GET", "/_emulator/state"),
    async item(vmName) {
      const state = await admin.state();
      const item = state.vaults
        .flatMap((v) => v.items)
        .find((i) => i.vmName.toLowerCase() === vmName.toLowerCase());
      if (!item) throw new Error(`emulator has no item ${vmName}`);
      return item;
    },
    faults: (patch) => call("POST", "/_emulator/faults", patch),
    behaviour: (patch) => call("PUT", "/_emulator/behaviour", patch),
    stats: () => call("GET", "/_emulator/stats"),
  };
  return {
    url: emu.url,
    caCertPem: emu.caCertPem,
    vault: DEMO_VAULT,
    gateway: (overrides = {}) =>
      createBackupGateway({
        vaults: [DEMO_VAULT],
        endpoint: emu.url,
        caCertPem: emu.caCertPem,
        credential: fixedTokenCredential(),
        polling: { minIntervalMs: 50, maxIntervalMs: 200, timeoutMs: 20_000 },
        // Contract tests watch each call on the wire; the shared item listing has its own test.
        sharedReadsMs: 0,
        ...overrides,
      }),
    admin,
    close: () => emu.close(),
  };
}
