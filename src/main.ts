/**
 * kura's composition root: `node src/main.ts [all|worker|bot|audit-export]`.
 * `all` (the default, what `npm start` runs) is a whole kura in one process on its embedded defaults,
 * with the Slack bot too when Slack is configured. `bot` is Slack's front door and the consumer of
 * the notification queue; `worker` runs backups and maintenance; `audit-export` prints the audit
 * trail as JSON lines and exits.
 */
import { exportAudit } from "./compose/audit-export.ts";
import { slackConfigured, startBotRole } from "./compose/bot-role.ts";
import { slackStartupError, startWithRetry } from "./compose/chat-startup.ts";
import { startObservability } from "./compose/observability.ts";
import { createRuntime } from "./compose/runtime.ts";
import { installShutdown } from "./compose/shutdown.ts";
import { startWorkerRole } from "./compose/worker-role.ts";
import { ConfigError, describeConfig, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { startNotificationLog } from "./worker/notification-log.ts";

const ROLES = ["all", "worker", "bot", "audit-export"] as const;
type Role = (typeof ROLES)[number];

async function main(): Promise<void> {
  const role = (process.argv[2] ?? "all") as Role;
  if (!ROLES.includes(role)) {
    console.error(`kura: unknown role "${role}". Use one of: ${ROLES.join(", ")}.`);
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
  const log = createLogger({ level: config.log.level, name: `kura-${role}` });
  log.info({ config: describeConfig(config) }, "starting");
  const runtime = await createRuntime(config);
  // The notification queue's consumer: the bot when Slack is configured (so run a `bot` process
  // beside `worker`s), else a log printer (a `bot` with no chat platform prints them too, so the
  // demo deployment of docker-compose.yml runs with no settings at all).
  const slack = slackConfigured(runtime);
  const parts: { stop: () => Promise<void>; abort?: () => void }[] = [];
  // Installed before anything that may wait (platform start-up), so SIGTERM always works.
  installShutdown({
    log,
    graceMs: config.shutdown.graceSeconds * 1_000,
    async stop() {
      for (const part of parts.reverse()) await part.stop();
      await runtime.close();
    },
    abort: () => {
      for (const part of parts) part.abort?.();
    },
  });
  let worker: Awaited<ReturnType<typeof startWorkerRole>> | undefined;
  try {
    worker =
      role === "bot" ? undefined : await startWorkerRole(runtime, log, { withNotificationLog: !slack });
  } catch (error) {
    // Settings that only Azure's state can show wrong (the GC window against a policy's run days).
    if (!(error instanceof ConfigError)) throw error;
    console.error(`kura: configuration is not valid.\n${error.message}`);
    await runtime.close();
    process.exit(2);
  }
  if (worker) parts.push({ stop: () => worker.close(), abort: () => worker.abort() });
  const observability = await startObservability(runtime, log, {
    role,
    ...(worker ? { worker } : {}),
    // Until the Slack adapter mounts on the shared server, Bolt's own server carries these routes.
    serve: !(role !== "worker" && slack),
  });
  parts.push({ stop: () => observability.close() });
  let bot: Awaited<ReturnType<typeof startBotRole>> | undefined;
  try {
    bot =
      role !== "worker" && slack
        ? await startWithRetry(
            () => startBotRole(runtime, log, { routes: observability.routes }),
            slackStartupError,
            { log, platform: "Slack" },
          )
        : undefined;
  } catch (error) {
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
    { role, azure: config.azure.mode, slack: bot ? config.slack.mode : "off", port: observability.port },
    "kura is running; Ctrl-C stops it",
  );
}

await main();
