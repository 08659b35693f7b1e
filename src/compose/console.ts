/**
 * Wires the local web console (src/bot/console) from configuration: whether it runs, where the HTTP
 * server listens, who may act, and the core's fleet queries it reads. Local mode — the embedded
 * emulator with no chat platform configured — is what `npm start` gives a first-time user: the
 * console on 127.0.0.1, the embedded people, and `console:ben` as approver.
 */
import type { ConsoleAccess } from "../bot/console/access.ts";
import { approverIds, LOCAL_PEOPLE } from "../bot/console/people.ts";
import type { ConsoleRecord } from "../bot/console/sender.ts";
import { startConsole } from "../bot/console/start.ts";
import type { HttpServer } from "../bot/http/server.ts";
import { createFleetQueries, type FleetQueries } from "../commands/fleet/overview.ts";
import type { ChatPlatform } from "../commands/ports/chat-sender.ts";
import type { KuraConfig } from "../config.ts";
import type { Logger } from "../log.ts";
import { RedisRecentLog } from "../store/redis-recent-log.ts";
import type { Runtime } from "./runtime.ts";

/** Messages a reload shows; older ones are dropped. */
const CONSOLE_HISTORY = 300;

/** The emulator with no chat platform configured: a laptop, not a deployment. */
export function isLocalMode(config: Readonly<KuraConfig>): boolean {
  return config.azure.mode === "emulator" && config.slack.botToken === undefined;
}

export interface ConsoleSetup {
  enabled: boolean;
  /** Where the process's HTTP server listens. */
  host: string;
  access: ConsoleAccess;
  /** Approver entries the embedded people add (local mode only). */
  approvers: string[];
}

export function consoleSetup(config: Readonly<KuraConfig>): ConsoleSetup {
  const local = isLocalMode(config);
  const { enabled, token } = config.console;
  const host = config.http.host ?? (local ? "127.0.0.1" : "0.0.0.0");
  const loopback = ["127.0.0.1", "::1", "localhost"].includes(host);
  return {
    enabled: enabled === "on" || (enabled === "auto" && local),
    host,
    // Without a token, acting needs both local mode and a loopback address: never open by default.
    access: { interactive: token !== undefined || (local && loopback), ...(token ? { token } : {}) },
    approvers: local ? approverIds(LOCAL_PEOPLE) : [],
  };
}

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
  });
  const shown = http.host === "0.0.0.0" || http.host === "::" ? "localhost" : http.host;
  log.info(
    { url: `http://${shown}:${http.port}/`, interactive: setup.access.interactive },
    `Web console: http://${shown}:${http.port}/`,
  );
  return platform;
}
