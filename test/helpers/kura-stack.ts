/**
 * A whole kura on real parts for integration tests: the Azure emulator over HTTPS (in-process), real
 * Redis under a random prefix, the real gateway on the official SDK, and the real BullMQ worker role,
 * wired by the same composition code production uses (src/compose). Only time is shifted: kura's clock
 * and the emulator's start at the same fixed instant, so schedule checks are deterministic.
 */
import { randomBytes } from "node:crypto";
import type { TestContext } from "node:test";
import { startEmulator } from "../../src/azure/emulator/index.ts";
import type { Clock } from "../../src/commands/ports/clock.ts";
import { createRuntime, type Runtime, type RuntimeOverrides } from "../../src/compose/runtime.ts";
import { startWorkerRole } from "../../src/compose/worker-role.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { adminClient, type EmulatorAdmin } from "./emulator-admin.ts";
import { removeKeys, TEST_REDIS_URL } from "./redis.ts";

/** Thursday 2026-11-26 12:00 in Tokyo: a day away from the seed policy's Wednesday 10:00 run. */
export const THURSDAY_NOON_TOKYO = "2026-11-26T03:00:00.000Z";

/** Fast but realistic emulator timings: each phase takes long enough to be observed. */
export const FAST_AZURE = {
  snapshotMs: 1_500,
  transferMs: 1_500,
  protectionOperationMs: 300,
  triggerOperationMs: 200,
  cancelMs: 500,
};

export interface KuraStack {
  runtime: Runtime;
  admin: EmulatorAdmin;
  env: Record<string, string>;
  caCertPath: string;
  url: string;
  prefix: string;
  /** Starts a worker role in this process (call more than once for more workers). */
  startWorker(): Promise<{ close(): Promise<void> }>;
  /** Closes `part` (e.g. a bot role) at cleanup with the workers: before keys and the runtime go. */
  track(part: { close(): Promise<void> }): void;
}

export function shiftedClock(startIso: string): Clock {
  const offset = Date.parse(startIso) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

export async function startKuraStack(
  t: TestContext,
  options: {
    /** An ISO instant both clocks start at, or "now" for real time (for worker processes of their own). */
    start?: string;
    env?: Record<string, string>;
    behaviour?: Record<string, number>;
    overrides?: RuntimeOverrides;
    /**
     * Another Redis than the test server: a cluster's seed URL with `cluster: true` (the prefix then
     * carries a hash tag, as KURA_REDIS_CLUSTER requires), or a `rediss://` URL.
     */
    redis?: { url: string; cluster?: boolean };
  } = {},
): Promise<KuraStack> {
  const start = options.start ?? THURSDAY_NOON_TOKYO;
  const realTime = start === "now";
  const emulator = await startEmulator({
    ...(realTime ? {} : { clock: { start } }),
    behaviour: { ...FAST_AZURE, ...options.behaviour },
  });
  const cleanups: (() => Promise<unknown>)[] = [() => emulator.close()];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });
  const name = `kuratest-${randomBytes(5).toString("hex")}`;
  const prefix = options.redis?.cluster ? `{${name}}` : name;
  const env: Record<string, string> = {
    KURA_AZURE_MODE: "emulator",
    AZURE_ARM_ENDPOINT: emulator.url,
    AZURE_CA_CERT_FILE: emulator.caCertPath,
    REDIS_URL: options.redis?.url ?? TEST_REDIS_URL,
    KURA_REDIS_PREFIX: prefix,
    ...(options.redis?.cluster ? { KURA_REDIS_CLUSTER: "true" } : {}),
    KURA_LOG_LEVEL: "warn",
    KURA_RECONCILE_EVERY_MINUTES: "60",
    KURA_WORKER_LOCK_MS: "4000",
    KURA_POLL_BASE_MS: "200",
    KURA_POLL_MAX_MS: "400",
    KURA_POLL_DETAIL_MS: "300",
    // Tests read the notification queue themselves; the console (a platform in local mode) is
    // turned on by the tests about it (test/helpers/console-kura.ts).
    KURA_CONSOLE: "off",
    // Worker processes of a test serve health and metrics too: on a free port each.
    KURA_HTTP_PORT: "0",
    ...options.env,
  };
  const config = loadConfig(env);
  const runtime = await createRuntime(config, {
    ...(realTime ? {} : { clock: shiftedClock(start) }),
    lifecycle: { triggerSettleMs: 500, busyRetryMs: 300, operationPollMs: 100 },
    ...options.overrides,
  });
  const workers: { close(): Promise<void> }[] = [];
  cleanups.push(async () => {
    await runtime.close();
  });
  cleanups.push(async () => {
    // Each BullMQ queue writes its `meta` key once its connection is ready: a test over in a few
    // milliseconds would otherwise have that write land after the sweep and leave the key behind.
    const queues = [runtime.queue.queue, runtime.events.queue, runtime.gc.jobs.queue];
    await Promise.all(queues.map((queue) => queue.getVersion().catch(() => undefined)));
    await removeKeys(runtime.redis, prefix);
  });
  cleanups.push(async () => {
    for (const worker of workers) await worker.close();
  });
  const log = createLogger({ level: "warn", name: "kura-test" });
  return {
    runtime,
    admin: adminClient(emulator.url, emulator.caCertPem),
    env,
    caCertPath: emulator.caCertPath,
    url: emulator.url,
    prefix,
    track(part) {
      workers.push(part);
    },
    async startWorker() {
      const worker = await startWorkerRole(runtime, log, { withNotificationLog: false });
      workers.push(worker);
      return worker;
    },
  };
}
