/**
 * The chat platforms kura can run, one entry each. Adding a platform is one line here:
 *
 *   { id: "teams", configured: (c) => c.teams.appId !== undefined,
 *     start: async (deps, c) => (await import("../bot/teams/start.ts")).startTeams({ ...deps, config: c.teams }) },
 *
 * `start<Platform>(deps)` takes `PlatformDeps` (src/bot/platform.ts: chat service, the shared HTTP
 * server, redis, logger, render, locale) plus `config`, its own slice of `KuraConfig`, and returns a
 * `ChatPlatform` (src/commands/ports/chat-sender.ts). `configured` decides, in every process, which
 * notification queues events are routed to; `start` runs only in a process with the bot role, and
 * its module is loaded only then (a worker never loads Bolt or botbuilder).
 */
import type { PlatformDeps } from "../bot/platform.ts";
import type { ChatPlatform } from "../commands/ports/chat-sender.ts";
import type { ConfigError, KuraConfig } from "../config.ts";
import { slackStartupError } from "./chat-startup.ts";
import { consoleSetup } from "./console-setup.ts";

export interface PlatformEntry {
  id: string;
  configured(config: Readonly<KuraConfig>): boolean;
  start(deps: PlatformDeps, config: Readonly<KuraConfig>): Promise<ChatPlatform>;
  /**
   * A start-up failure that is a bad setting (a refused token) as a ConfigError; anything else is
   * retried with back-off. Without it, a failed start is not retried.
   */
  startupError?(error: unknown): ConfigError | undefined;
}

export const PLATFORMS: readonly PlatformEntry[] = [
  {
    id: "slack",
    configured: (c) => c.slack.botToken !== undefined,
    startupError: slackStartupError,
    start: async (deps, c) =>
      (await import("../bot/slack/start.ts")).startSlack({
        ...deps,
        config: {
          ...c.slack,
          botToken: c.slack.botToken ?? "",
          approverGroups: idsOn("slack", c.approvers.groups),
        },
      }),
  },
  {
    id: "teams",
    configured: (c) => c.teams.enabled,
    start: async (deps, c) =>
      (await import("../bot/teams/start.ts")).startTeams({
        ...deps,
        config: c.teams,
        prefix: `${c.redis.prefix}:teams`,
      }),
  },
  {
    id: "console",
    configured: (c) => consoleSetup(c).enabled,
    start: async (deps, c) => (await import("./console.ts")).startConsolePlatform(deps, c),
  },
];

/** The platforms this deployment runs (in any of its processes): where events are routed. */
export function configuredPlatforms(config: Readonly<KuraConfig>): string[] {
  return PLATFORMS.filter((entry) => entry.configured(config)).map((entry) => entry.id);
}

/** The ids of one platform in a qualified list (`slack:S0123` → `S0123` for "slack"). */
export function idsOn(platform: string, qualified: readonly string[]): string[] {
  const prefix = `${platform}:`;
  return qualified.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
}
