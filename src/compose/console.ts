/**
 * Starts the local web console (src/bot/console) on kura's HTTP server when configuration turns it on
 * (src/compose/console-setup.ts), with the core's fleet queries and a bounded Redis history.
 */
import type { ConsoleRecord } from "../bot/console/sender.ts";
import { startConsole } from "../bot/console/start.ts";
import type { HttpServer } from "../bot/http/server.ts";
import { createFleetQueries, type FleetQueries } from "../commands/fleet/overview.ts";
import type { ChatPlatform } from "../commands/ports/chat-sender.ts";
import type { Logger } from "../log.ts";
import { RedisRecentLog } from "../store/redis-recent-log.ts";
import { consoleSetup } from "./console-setup.ts";
import type { Runtime } from "./runtime.ts";

/** Messages a reload shows; older ones are dropped. */
const CONSOLE_HISTORY = 300;

export function fleetQueries(runtime: Runtime): FleetQueries {
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

/** The console on `http`, or undefined when configuration leaves it off. */
export function startConsoleFor(runtime: Runtime, http: HttpServer, log: Logger): ChatPlatform | undefined {
  const setup = consoleSetup(runtime.config);
  if (!setup.enabled) return undefined;
  const platform = startConsole({
    http,
    chat: runtime.chat,
    fleet: fleetQueries(runtime),
    store: new RedisRecentLog<ConsoleRecord>({
      redis: runtime.redis,
      prefix: runtime.config.redis.prefix,
      name: "console",
      max: CONSOLE_HISTORY,
    }),
    access: setup.access,
    locale: runtime.config.chat.locale,
    timeZone: runtime.config.gc.timeZone,
    log: log.child({ component: "console" }),
    now: () => runtime.clock.now(),
  });
  const shown = http.host === "0.0.0.0" || http.host === "::" ? "localhost" : http.host;
  log.info(
    { url: `http://${shown}:${http.port}/`, interactive: setup.access.interactive },
    `Web console: http://${shown}:${http.port}/`,
  );
  return platform;
}
