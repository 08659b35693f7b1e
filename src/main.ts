/**
 * kura's composition root: `node src/main.ts [all|worker|bot|audit-export]`.
 * `all` (the default, what `npm start` runs) is a whole kura in one process on its embedded defaults,
 * with the Slack bot too when Slack is configured. `bot` is Slack's front door and the consumer of
 * the notification queue; `worker` runs backups and maintenance; `audit-export` prints the audit
 * trail as JSON lines and exits.
 */
import { exportAudit } from "./compose/audit-export.ts";
import { startBotRole } from "./compose/bot-role.ts";
import { configuredPlatforms } from "./compose/platforms.ts";
import { createRuntime } from "./compose/runtime.ts";
import { startWorkerRole } from "./compose/worker-role.ts";
import { ConfigError, describeConfig, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";

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
  const runtime = await createRuntime(config);
  // Each configured chat platform's notification queue is consumed by a process running that
  // platform (run a `bot` process beside `worker`s); with none configured, the worker's log printer
  // reads the events instead.
  const platforms = configuredPlatforms(config);
  const chat = platforms.length > 0;
  if (role === "bot" && !chat) {
    console.error(
      "kura: the bot role needs a chat platform. Set SLACK_BOT_TOKEN or TEAMS_APP_ID (see README, Install in a Slack workspace / Microsoft Teams).",
    );
    await runtime.close();
    process.exit(2);
  }
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
  const bot = role !== "worker" && chat ? await startBotRole(runtime, log) : undefined;
  log.info(
    { role, azure: config.azure.mode, platforms: bot ? platforms : [] },
    "kura is running; Ctrl-C stops it",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await bot?.close();
    await worker?.close();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

await main();
