/**
 * A whole kura behind Teams for end-to-end tests: the kura stack (emulator + Redis + worker), a Bot
 * Connector stand-in at the activities' `serviceUrl`, and either
 * - local mode (TEAMS_LOCAL=true): the real bot role (every configured platform on kura's one HTTP
 *   server, and the delivery pipeline speaking through their senders), or
 * - production mode (TEAMS_APP_ID): `startTeams` on kura's HTTP server with a local token issuer kura
 *   is configured to trust (TEAMS_OPENID_METADATA_URL) that signs every activity it POSTs and hands
 *   kura its outbound tokens (Entra ID is out of reach offline). No delivery pipeline runs here.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { startHttpServer } from "../../src/bot/http/server.ts";
import { startTeams } from "../../src/bot/teams/start.ts";
import { renderMessage } from "../../src/commands/chat/render-message.ts";
import type { ChatPlatform } from "../../src/commands/ports/chat-sender.ts";
import { type BotRoleOverrides, startBotRole } from "../../src/compose/bot-role.ts";
import { createLogger } from "../../src/log.ts";
import { type KuraStack, startKuraStack } from "./kura-stack.ts";
import {
  ALICE,
  BOB,
  CAROL,
  inChannel,
  invokeActivity,
  messageActivity,
  NOTICE_CHANNEL,
  type Posted,
  postActivity,
  type TeamsUser,
  type Where,
} from "./teams-client.ts";
import {
  type ConnectorMessage,
  type ConnectorStub,
  type Json,
  startConnectorStub,
} from "./teams-connector.ts";
import { startTokenIssuer, type TokenIssuer } from "./teams-token-issuer.ts";

export const APP_ID = "00000000-0000-0000-0000-00000000a990";

export interface TeamsKura {
  stack: KuraStack;
  connector: ConnectorStub;
  issuer?: TokenIssuer;
  teams: ChatPlatform;
  /** `http://127.0.0.1:<port>` of kura's HTTP server. */
  url: string;
  /** POSTs an activity, signed for kura's app id in production mode. */
  send(activity: Json): Promise<Posted>;
  /** `@kura <text>` from `user` (in the ops channel unless `where` says otherwise). */
  command(user: TeamsUser, text: string, where?: Where, locale?: string): Promise<Posted>;
  /** A click on `verb` of the card in `message`; `data` adds inputs (the Reject reason). */
  click(
    user: TeamsUser,
    verb: string,
    message: ConnectorMessage,
    data?: Json,
    locale?: string,
  ): Promise<Posted>;
}

/** Approver lists as the config file holds them: `teams:<AAD object id>`. */
export function approversYaml(aadObjectIds: string[], more: string[] = []): string {
  const ids = [...aadObjectIds.map((id) => `"teams:${id}"`), ...more.map((id) => `"${id}"`)];
  return `approvers:\n  users: [${ids.join(", ")}]\n`;
}

export async function startTeamsKura(
  t: TestContext,
  options: {
    production?: boolean;
    env?: Record<string, string>;
    startWorker?: boolean;
    /** Extra approver lines (another platform's qualified ids). */
    approvers?: string[];
    bot?: BotRoleOverrides;
    behaviour?: Record<string, number>;
  } = {},
): Promise<TeamsKura> {
  const after: (() => unknown)[] = [];
  const cleanups = { after: (fn: () => unknown) => after.push(fn) };
  const connector = await startConnectorStub(cleanups);
  const issuer = options.production ? await startTokenIssuer(cleanups) : undefined;
  const dir = mkdtempSync(join(tmpdir(), "kura-teams-"));
  const configFile = join(dir, "kura.yaml");
  writeFileSync(configFile, approversYaml([BOB.aadObjectId, CAROL.aadObjectId], options.approvers));
  const auth: Record<string, string> = issuer
    ? {
        TEAMS_APP_ID: APP_ID,
        TEAMS_APP_PASSWORD: "not-used-offline",
        TEAMS_OPENID_METADATA_URL: issuer.metadataUrl,
      }
    : { TEAMS_LOCAL: "true" };
  const stack = await startKuraStack(t, {
    env: { KURA_CONFIG_FILE: configFile, TEAMS_NOTIFY_CHANNELS: NOTICE_CHANNEL, ...auth, ...options.env },
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
  });
  const log = createLogger({ level: "warn", name: "kura-teams-test" });
  let port: number;
  let teams: ChatPlatform;
  if (issuer) {
    const { config } = stack.runtime;
    const http = await startHttpServer({ port: 0, host: "127.0.0.1" });
    teams = await startTeams({
      chat: stack.runtime.chat,
      http,
      redis: stack.runtime.redis,
      log,
      render: (message, locale) => renderMessage(message, locale, { timeZone: config.gc.timeZone }),
      locale: config.chat.locale,
      config: config.teams,
      prefix: `${config.redis.prefix}:teams`,
      credentials: issuer.credentials(APP_ID),
    });
    port = http.port;
    stack.track({
      async close() {
        await http.close();
        for (const fn of after) await fn();
      },
    });
  } else {
    const bot = await startBotRole(stack.runtime, log, { port: 0, ...options.bot });
    const platform = bot.platforms.find((p) => p.platform === "teams");
    if (!platform) throw new Error("the bot role did not start Teams");
    teams = platform;
    port = bot.port;
    stack.track({
      async close() {
        await bot.close();
        for (const fn of after) await fn();
      },
    });
  }
  if (options.startWorker !== false) await stack.startWorker();
  const url = `http://127.0.0.1:${port}`;
  const send = (activity: Json) =>
    postActivity(
      url,
      activity,
      issuer?.channelToken({ audience: APP_ID, serviceUrl: activity.serviceUrl as string }),
    );
  return {
    stack,
    connector,
    ...(issuer ? { issuer } : {}),
    teams,
    url,
    send,
    command: (user, text, where = inChannel(), locale = "en-US") =>
      send(messageActivity(connector.serviceUrl, user, text, where, locale)),
    click: (user, verb, message, data = {}, locale = "en-US") => {
      const card = message.activity.attachments?.[0]?.content as Json | undefined;
      const requestId = findData(card, verb);
      const where: Where = { conversationId: message.conversationId, conversationType: "channel" };
      return send(
        invokeActivity(
          connector.serviceUrl,
          user,
          verb,
          { ...requestId, ...data },
          where,
          message.id,
          locale,
        ),
      );
    },
  };
}

/** The `data` of the card's button with this verb. */
function findData(card: Json | undefined, verb: string): Json {
  let found: Json | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const n = node as Json;
    if (n.type === "Action.Execute" && n.verb === verb) found = n.data as Json;
    else Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`the card has no ${verb} button`);
  return found;
}

export { ALICE, BOB };
