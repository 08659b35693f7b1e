/**
 * `startTeams`: Microsoft Teams as one platform of kura, in one call. Inbound, a botbuilder
 * `CloudAdapter` at `POST /api/messages` on the shared HTTP server calling the chat core; outbound,
 * a `TeamsSender` the delivery pipeline drives, from conversation references kept in Redis.
 */
import { readFileSync } from "node:fs";
import type { ServiceClientCredentialsFactory } from "botframework-connector";
import type { ChatPlatform } from "../../commands/ports/chat-sender.ts";
import type { PlatformDeps } from "../platform.ts";
import { createAdapter, messagesRoute } from "./adapter.ts";
import { KuraTeamsBot } from "./bot.ts";
import { PLATFORM } from "./inbound.ts";
import { ConversationReferences } from "./references.ts";
import { TeamsSender } from "./sender.ts";

/** Teams' slice of kura's configuration (`KuraConfig["teams"]`). */
export interface TeamsSettings {
  /** Undefined: local mode (no authentication, loopback callers only). */
  appId: string | undefined;
  appPassword?: string | undefined;
  certificateThumbprint?: string | undefined;
  /** PEM file with the certificate's private key. */
  certificateKeyFile?: string | undefined;
  appType: "MultiTenant" | "SingleTenant";
  tenantId?: string | undefined;
  /** OpenID metadata trusted for inbound tokens; undefined: the Bot Framework's own. */
  openIdMetadataUrl?: string | undefined;
  /** Conversation ids that get system notices (`TEAMS_NOTIFY_CHANNELS`). */
  notifyChannels: readonly string[];
}

export interface TeamsPlatform extends ChatPlatform {
  readonly mode: "bot-framework" | "local";
}

export interface TeamsStartOptions {
  /** Redis key prefix for Teams' own state. @defaultValue `kura:teams` */
  prefix?: string;
  /**
   * How kura gets its Bot Connector tokens instead of Entra ID (tests: a local issuer, since
   * login.microsoftonline.com is out of reach offline).
   */
  credentials?: ServiceClientCredentialsFactory;
}

export async function startTeams(
  deps: PlatformDeps & { config: TeamsSettings } & TeamsStartOptions,
): Promise<TeamsPlatform> {
  const { config } = deps;
  const adapter = createAdapter({
    appId: config.appId,
    appPassword: config.appPassword,
    certificateThumbprint: config.certificateThumbprint,
    certificatePrivateKey: config.certificateKeyFile
      ? readFileSync(config.certificateKeyFile, "utf8")
      : undefined,
    appType: config.appType,
    tenantId: config.tenantId,
    openIdMetadataUrl: config.openIdMetadataUrl,
    ...(deps.credentials ? { credentials: deps.credentials } : {}),
  });
  const local = config.appId === undefined;
  const references = new ConversationReferences(deps.redis, deps.prefix ?? "kura:teams");
  const bot = new KuraTeamsBot({
    chat: deps.chat,
    references,
    render: deps.render,
    locale: deps.locale,
    log: deps.log,
  });
  adapter.onTurnError = async (context, error) => {
    deps.log.error({ err: error, activity: context.activity.type }, "Teams turn failed");
  };
  deps.http.mount(messagesRoute({ adapter, logic: (context) => bot.run(context), loopbackOnly: local }));
  if (local) {
    deps.log.warn(
      {},
      "Teams runs in local mode: no TEAMS_APP_ID, so activities are not authenticated and only loopback callers are answered",
    );
  } else deps.log.info({ appType: config.appType }, "Teams is running at POST /api/messages");
  return {
    platform: PLATFORM,
    mode: local ? "local" : "bot-framework",
    sender: new TeamsSender({ adapter, appId: config.appId ?? "", references, render: deps.render }),
    noticeChannels: config.notifyChannels,
    ready: async () => (await deps.redis.ping()) === "PONG",
    close: async () => {},
  };
}
