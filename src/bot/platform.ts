/**
 * What every chat platform adapter is started with. Each platform folder exports one entry point,
 * `start<Platform>(deps: PlatformDeps & { config: <its own settings> }): Promise<ChatPlatform>`
 * (`startSlack` in slack/start.ts), mounts its inbound routes on `http`, calls only `chat` for every
 * decision, and returns a `ChatPlatform` whose `sender` the delivery pipeline drives.
 */
import type { Cluster, Redis } from "ioredis";
import type { ChatService, Locale, Message } from "../commands/chat/types.ts";
import type { FleetQueries } from "../commands/fleet/overview.ts";
import type { HttpServer } from "./http/server.ts";

/** The core's `renderMessage`, passed in by the composition root. */
export type Render = (message: Message, locale: Locale) => string;

/** The slice of kura's pino logger an adapter uses. */
export interface PlatformLog {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface PlatformDeps {
  /** The one chat core every platform calls. */
  chat: ChatService;
  /** The process's one HTTP server: mount inbound routes here (never listen yourself). */
  http: HttpServer;
  /** Shared Redis, for what a platform must keep itself (Teams' conversation references). */
  redis: Redis | Cluster;
  log: PlatformLog;
  render: Render;
  /** The deployment's language (a platform may know a person's own). */
  locale: Locale;
  /** Structured reads of the core beside `chat`, for a platform that shows the fleet (the console). */
  fleet?: FleetQueries;
}
