/**
 * `startTeams`: kura on Microsoft Teams as the composition root sees it (a `ChatPlatform`). Mounts
 * `POST /api/messages` on kura's one HTTP server and returns the sender the delivery pipeline uses.
 */
import type { Redis } from "ioredis";
import type { ChatService, Locale } from "../../commands/chat/types.ts";
import type { ChatPlatform } from "../../commands/ports/chat-sender.ts";
import type { HttpServer } from "../http/server.ts";
import { createAdapter, messagesRoute, type TeamsAuthSettings } from "./adapter.ts";
import { type AdapterLog, KuraTeamsBot } from "./bot.ts";
import type { Render } from "./cards.ts";
import { PLATFORM } from "./inbound.ts";
import { ConversationReferences } from "./references.ts";
import { TeamsSender } from "./sender.ts";

export interface TeamsDeps {
  /** Authentication; `appId` undefined runs local mode (no authentication, loopback callers only). */
  auth: TeamsAuthSettings;
  /** Conversation ids that get system notices. */
  noticeChannels: readonly string[];
  http: Pick<HttpServer, "mount">;
  chat: ChatService;
  redis: Redis;
  /** Redis key prefix for Teams' state, e.g. `kura:teams`. */
  prefix: string;
  render: Render;
  locale: Locale;
  log: AdapterLog;
}

export interface TeamsPlatform extends ChatPlatform {
  readonly mode: "bot-framework" | "local";
}

export function startTeams(deps: TeamsDeps): TeamsPlatform {
  const adapter = createAdapter(deps.auth);
  const local = deps.auth.appId === undefined;
  const references = new ConversationReferences(deps.redis, deps.prefix);
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
  } else deps.log.info({ appType: deps.auth.appType }, "Teams bot is listening at POST /api/messages");
  return {
    platform: PLATFORM,
    mode: local ? "local" : "bot-framework",
    sender: new TeamsSender({ adapter, appId: deps.auth.appId ?? "", references, render: deps.render }),
    noticeChannels: deps.noticeChannels,
    ready: async () => (await deps.redis.ping()) === "PONG",
    close: async () => {},
  };
}
