/**
 * kura's composition root: `node src/main.ts [all|worker|bot|audit-export]`.
 * `all` (the default, what `npm start` runs) is a whole kura in one process on its embedded defaults,
 * with the Slack bot too when Slack is configured. `bot` is Slack's front door and the consumer of
 * the notification queue; `worker` runs backups and maintenance; `audit-export` prints the audit
 * trail as JSON lines and exits.
 */
import { exportAudit } from "./compose/audit-export.ts";
import { startupBanner } from "./compose/banner.ts";
import { startBotRole } from "./compose/bot-role.ts";
import { helpText } from "./compose/help.ts";
import { findOrProvideRedis } from "./compose/local-redis.ts";
import { startObservability } from "./compose/observability.ts";
import { configuredPlatforms } from "./compose/platforms.ts";
import { createRuntime } from "./compose/runtime.ts";
import { installShutdown } from "./compose/shutdown.ts";
import { startWorkerRole } from "./compose/worker-role.ts";
import { ConfigError, describeConfig, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { startNotificationLog } from "./worker/notification-log.ts";

const ROLES = ["all", "worker", "bot", "audit-export"] as const;
type Role = (typeof ROLES)[number];

async function main(): Promise<void> {
  if (process.argv.slice(2).some((arg) => arg === "--help" || arg === "-h" || arg === "help")) {
    process.stdout.write(helpText(ROLES));
    return;
  }
  const role = (process.argv[2] ?? "all") as Role;
  if (!ROLES.includes(role)) {
    console.error(`kura: unknown role "${role}".\n\n${helpText(ROLES)}`);
    process.exit(2);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`kura: configuration is not valid.\n${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (role === "audit-export") {
    await exportAudit(config, process.stdout);
    return;
  }
  if (role === "bot" && config.azure.mode === "emulator" && !config.azure.armEndpoint) {
    // An embedded emulator is private to its process: a bot with its own would see other VMs than
    // the workers'. The bot starts none; it uses the emulator (or Azure) the workers use.
    console.error(
      "kura: the bot role starts no emulator of its own. Set AZURE_ARM_ENDPOINT (and AZURE_CA_CERT_FILE) to the emulator the workers use (npm run emulator), or run the `all` role.",
    );
    process.exit(2);
  }
  const log = createLogger({ level: config.log.level, name: `kura-${role}` });
  log.info({ config: describeConfig(config) }, "starting");
  // REDIS_URL if it answers, else a private redis-server, else one message with the remedies.
  const redis = await findOrProvideRedis(config, log);
  if (!redis.ok) {
    console.error(`kura: ${redis.message}`);
    process.exit(2);
  }
  const runtime = await createRuntime(config, { log });
  // Each configured chat platform's notification queue is consumed by a process running that
  // platform (run a `bot` process beside `worker`s); with none configured, a log printer reads the
  // events instead (a `bot` with no chat platform prints them too, so the demo deployment of
  // docker-compose.yml runs with no settings at all).
  const chat = configuredPlatforms(config).length > 0;
  const parts: { stop: () => Promise<void>; abort?: () => void }[] = [];
  const starting = new AbortController();
  // Installed before anything that may wait (platform start-up), so SIGTERM always works.
  installShutdown({
    log,
    graceMs: config.shutdown.graceSeconds * 1_000,
    async stop() {
      starting.abort();
      for (const part of parts.reverse()) await part.stop();
      await runtime.close();
      await redis.stop();
    },
    abort: () => {
      for (const part of parts) part.abort?.();
    },
  });
  let worker: Awaited<ReturnType<typeof startWorkerRole>> | undefined;
  try {
    worker = role === "bot" ? undefined : await startWorkerRole(runtime, log, { withNotificationLog: !chat });
  } catch (error) {
    // Settings that only Azure's state can show wrong (the GC window against a policy's run days).
    if (!(error instanceof ConfigError)) throw error;
    console.error(`kura: configuration is not valid.\n${error.message}`);
    await runtime.close();
    process.exit(2);
  }
  if (worker) parts.push({ stop: () => worker.close(), abort: () => worker.abort() });
  const runsBot = role !== "worker" && chat;
  let bot: Awaited<ReturnType<typeof startBotRole>> | undefined;
  const observability = await startObservability(runtime, log, {
    role,
    ...(worker ? { worker } : {}),
    ...(runsBot ? { platforms: () => bot?.platforms ?? [] } : {}),
    serve: true,
  });
  parts.push({ stop: () => observability.close() });
  try {
    bot = runsBot
      ? await startBotRole(runtime, log, {
          ...(observability.server ? { http: observability.server } : {}),
          signal: starting.signal,
        })
      : undefined;
  } catch (error) {
    // Stopped while a platform's start-up was still retrying: the shutdown already under way exits.
    if (starting.signal.aborted) return;
    if (!(error instanceof ConfigError)) throw error;
    console.error(`kura: configuration is not valid.\n${error.message}`);
    process.exit(2);
  }
  if (bot) parts.push({ stop: () => bot.close() });
  if (role === "bot" && !bot) {
    const printer = startNotificationLog({
      connection: runtime.blocking,
      prefix: `${config.redis.prefix}:bull`,
      queueName: config.queues.notify,
      log,
    });
    parts.push({ stop: () => printer.close() });
  }
  log.info(
    {
      role,
      azure: config.azure.mode,
      platforms: bot?.platforms.map((p) => p.platform) ?? [],
      port: observability.port,
    },
    "kura is running; Ctrl-C stops it",
  );
  startupBanner(runtime, { role, redis: redis.origin });
}

await main();
