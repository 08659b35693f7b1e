/**
 * Starts the local web console (src/bot/console) on kura's HTTP server when configuration turns it on
 * (src/compose/console-setup.ts), with the core's fleet queries and a bounded Redis history.
 */
import type { ConsoleRecord } from "../bot/console/sender.ts";
import { startConsole } from "../bot/console/start.ts";
import type { PlatformDeps } from "../bot/platform.ts";
import { createFleetQueries, type FleetQueries, type FleetQueryDeps } from "../commands/fleet/overview.ts";
import type { ChatPlatform } from "../commands/ports/chat-sender.ts";
import type { RequestJournal } from "../commands/requests/journal.ts";
import type { KuraConfig } from "../config.ts";
import { RedisRecentLog } from "../store/redis-recent-log.ts";
import { consoleSetup } from "./console-setup.ts";

/** The runtime's parts the fleet queries read (a slice of `Runtime`). */
export interface FleetParts extends Pick<FleetQueryDeps, "gateway" | "audit" | "clock" | "isManaged"> {
  config: Readonly<KuraConfig>;
  journal: RequestJournal;
}

export function fleetQueries(runtime: FleetParts): FleetQueries {
  const { config } = runtime;
  return createFleetQueries({
    gateway: runtime.gateway,
    requests: runtime.journal.requests,
    audit: runtime.audit,
    clock: runtime.clock,
    gcWindow: {
      timeZone: config.gc.timeZone,
      openDay: config.gc.openDay,
      openTime: config.gc.openTime,
      durationHours: config.gc.durationHours,
    },
    reminder: config.gc.reminder,
    rpLimit: config.preflight.rpLimit,
    rpWarnThreshold: config.preflight.rpWarnThreshold,
    isManaged: runtime.isManaged,
  });
}

/** The console as a chat platform (its entry in ./platforms.ts), for a process with the bot role. */
export async function startConsolePlatform(
  deps: PlatformDeps,
  config: Readonly<KuraConfig>,
): Promise<ChatPlatform> {
  if (!deps.fleet) throw new Error("The console needs the core's fleet queries (PlatformDeps.fleet).");
  const setup = consoleSetup(config);
  const platform = await startConsole({
    ...deps,
    fleet: deps.fleet,
    store: new RedisRecentLog<ConsoleRecord>({
      redis: deps.redis,
      prefix: config.redis.prefix,
      name: "console",
      max: config.retention.consoleHistory,
    }),
    config: { access: setup.access, timeZone: config.gc.timeZone },
  });
  const { host, port } = deps.http;
  const url = `http://${host === "0.0.0.0" || host === "::" || host === "127.0.0.1" ? "localhost" : host}:${port}/`;
  deps.log.info({ url, interactive: setup.access.interactive }, `Web console: ${url}`);
  return platform;
}
