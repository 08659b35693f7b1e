/**
 * kura's composition root: `node src/main.ts [all|worker|bot|audit-export]`.
 * `all` (the default, what `npm start` runs) is a whole kura in one process on its embedded defaults,
 * with the Slack bot too when Slack is configured. `bot` is Slack's front door and the consumer of
 * the notification queue; `worker` runs backups and maintenance; `audit-export` prints the audit
 * trail as JSON lines and exits.
 */
import { exportAudit } from "./compose/audit-export.ts";
import { startupBanner } from "./compose/banner.ts";
import { slackConfigured, startBotRole } from "./compose/bot-role.ts";
import { helpText } from "./compose/help.ts";
import { findOrProvideRedis } from "./compose/local-redis.ts";
import { createRuntime } from "./compose/runtime.ts";
import { startWorkerRole } from "./compose/worker-role.ts";
import { ConfigError, describeConfig, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";

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
  const log = createLogger({ level: config.log.level, name: `kura-${role}` });
  log.info({ config: describeConfig(config) }, "starting");
  // REDIS_URL if it answers, else a private redis-server, else one message with the remedies.
  const redis = await findOrProvideRedis(config, log);
  if (!redis.ok) {
    console.error(`kura: ${redis.message}`);
    process.exit(2);
  }
  const runtime = await createRuntime(config, { log });
  // The notification queue has one consumer: the bot when Slack is configured (so run a `bot`
  // process beside `worker`s), else the worker's log printer.
  const slack = slackConfigured(runtime);
  if (role === "bot" && !slack) {
    console.error(
      "kura: the bot role needs Slack. Set SLACK_BOT_TOKEN (see README, Install in a Slack workspace).",
    );
    await runtime.close();
    process.exit(2);
  }
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
  const bot = role !== "worker" && slack ? await startBotRole(runtime, log) : undefined;
  log.info(
    { role, azure: config.azure.mode, slack: bot ? config.slack.mode : "off" },
    "kura is running; Ctrl-C stops it",
  );
  startupBanner(runtime, { role, redis: redis.origin });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await bot?.close();
    await worker?.close();
    await runtime.close();
    await redis.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

await main();
