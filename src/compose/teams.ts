/**
 * Microsoft Teams from configuration: the settings `startTeams` needs, the certificate's key read
 * from its file, and the core's words. The bot role calls this once when Teams is configured.
 */
import { readFileSync } from "node:fs";
import type { ServiceClientCredentialsFactory } from "botframework-connector";
import type { HttpServer } from "../bot/http/server.ts";
import { startTeams, type TeamsPlatform } from "../bot/teams/start.ts";
import { renderMessage } from "../commands/chat/render-message.ts";
import type { ChatService } from "../commands/chat/types.ts";
import type { Logger } from "../log.ts";
import type { Runtime } from "./runtime.ts";

/** Whether the configuration turns Teams on (an app id, or `TEAMS_LOCAL=true`). */
export function teamsConfigured(runtime: Pick<Runtime, "config">): boolean {
  return runtime.config.teams.enabled;
}

export interface TeamsOverrides {
  /** How kura gets its Bot Connector tokens, instead of Entra ID (tests: a local issuer). */
  credentials?: ServiceClientCredentialsFactory;
}

export function startTeamsPlatform(
  runtime: Pick<Runtime, "config" | "redis"> & { chat: ChatService },
  http: Pick<HttpServer, "mount">,
  log: Logger,
  overrides: TeamsOverrides = {},
): TeamsPlatform {
  const { config } = runtime;
  const teams = config.teams;
  return startTeams({
    auth: {
      appId: teams.appId,
      appPassword: teams.appPassword,
      certificateThumbprint: teams.certificateThumbprint,
      certificatePrivateKey: teams.certificateKeyFile ? readFileSync(teams.certificateKeyFile, "utf8") : undefined,
      appType: teams.appType,
      tenantId: teams.tenantId,
      openIdMetadataUrl: teams.openIdMetadataUrl,
      ...(overrides.credentials ? { credentials: overrides.credentials } : {}),
    },
    noticeChannels: teams.notifyChannels,
    http,
    chat: runtime.chat,
    redis: runtime.redis,
    prefix: `${config.redis.prefix}:teams`,
    render: (message, locale) => renderMessage(message, locale, { timeZone: config.gc.timeZone }),
    locale: config.chat.locale,
    log: log.child({ component: "teams" }),
  });
}
