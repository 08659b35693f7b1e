/**
 * kura's composition root: `node src/main.ts [all|worker]`.
 * `all` (the default, what `npm start` runs) is a whole kura in one process on its embedded defaults.
 */
import { createRuntime } from "./compose/runtime.ts";
import { startWorkerRole } from "./compose/worker-role.ts";
import { ConfigError, describeConfig, loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";

const ROLES = ["all", "worker"] as const;
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
  const log = createLogger({ level: config.log.level, name: `kura-${role}` });
  log.info({ config: describeConfig(config) }, "starting");
  const runtime = await createRuntime(config);
  let worker: Awaited<ReturnType<typeof startWorkerRole>>;
  try {
    worker = await startWorkerRole(runtime, log, { withNotificationLog: true });
  } catch (error) {
    // Settings that only Azure's state can show wrong (the GC window against a policy's run days).
    if (!(error instanceof ConfigError)) throw error;
    console.error(`kura: configuration is not valid.\n${error.message}`);
    await runtime.close();
    process.exit(2);
  }
  log.info({ role, azure: config.azure.mode }, "kura is running; Ctrl-C stops it");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await worker.close();
    await runtime.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

await main();
