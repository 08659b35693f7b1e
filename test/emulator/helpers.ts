/** Shared test plumbing: a running emulator, the official SDK pointed at it, and raw HTTPS helpers. */
import { request } from "node:https";
import { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import type { TokenCredential } from "@azure/core-auth";
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from "../../src/azure/emulator/index.ts";

export const SUB = "00000000-0000-0000-0000-000000000001";
export const RG = "rg-kura-demo";
export const VAULT = "rsv-kura-demo";
export const VAULT_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}`;
export const POLICY_ID = `${VAULT_PATH}/backupPolicies/weekly-wed`;
/** Monday 2025-01-06 00:00 UTC (09:00 in Tokyo): two days before the seed policy's Wednesday run. */
export const MONDAY = "2025-01-06T00:00:00.000Z";

export function names(rg: string, vm: string) {
  const short = `iaasvmcontainerv2;${rg};${vm}`;
  return { fabric: "Azure", container: `IaasVMContainer;${short}`, item: `VM;${short}` };
}

/** A credential that never talks to Entra ID (ref §6). */
export const staticCredential: TokenCredential = {
  getToken: async () => ({ token: "emulator-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export interface Harness {
  emulator: EmulatorHandle;
  client: RecoveryServicesBackupClient;
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  raw(method: string, path: string, opts?: RawOptions): Promise<RawResponse>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface RawOptions {
  body?: unknown;
  /** Sent as-is instead of `body` (for malformed JSON). */
  rawBody?: string;
  auth?: string | null;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export async function harness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ clock: { start: MONDAY, speed: 0 }, ...options });
  const client = new RecoveryServicesBackupClient(staticCredential, SUB, {
    endpoint: emulator.url,
    tlsOptions: { ca: emulator.caCertPem },
    retryOptions: { maxRetries: 0 },
  });
  const raw = (method: string, path: string, opts: RawOptions = {}) =>
    rawRequest(emulator, method, path, opts);
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await raw(method, `/_emulator/${path}`, { body, auth: null });
    if (res.status !== 200) throw new Error(`admin ${method} ${path}: ${res.status} ${res.text}`);
    return res.json as T;
  };
  return {
    emulator,
    client,
    admin,
    raw,
    advance: async (ms) => {
      await admin("POST", "clock", { advanceMs: ms });
    },
    close: () => emulator.close(),
  };
}

export function rawRequest(
  emulator: EmulatorHandle,
  method: string,
  path: string,
  opts: RawOptions = {},
): Promise<RawResponse> {
  const url = new URL(path, emulator.url);
  const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.auth !== null) headers.authorization = opts.auth ?? "Bearer test";
  if (payload !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: emulator.caCertPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on("error", reject); // a connection cut mid-response
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Captures the Azure-AsyncOperation header of an SDK call and returns the operation id (ref §2e). */
export function captureOperation(): {
  onResponse: (r: { headers: { get(n: string): string | undefined } }) => void;
  id(): string;
} {
  let header: string | undefined;
  return {
    onResponse: (r) => {
      header = r.headers.get("azure-asyncoperation") ?? r.headers.get("location");
    },
    id: () => {
      if (!header) throw new Error("no async operation header");
      return new URL(header).pathname.split("/").at(-1) as string;
    },
  };
}
