/**
 * A whole kura behind Teams for end-to-end tests: the kura stack (emulator + Redis + worker), kura's
 * HTTP server with the Teams platform mounted as production mounts it, a Bot Connector stand-in at
 * the activities' `serviceUrl`, and, in production mode, a local token issuer kura is configured to
 * trust (TEAMS_OPENID_METADATA_URL) that signs every activity it POSTs.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { startHttpServer } from "../../src/bot/http/server.ts";
import type { TeamsPlatform } from "../../src/bot/teams/start.ts";
import { startTeamsPlatform } from "../../src/compose/teams.ts";
import { createLogger } from "../../src/log.ts";
import { type KuraStack, startKuraStack } from "./kura-stack.ts";
import {
  ALICE,
  BOB,
  inChannel,
  invokeActivity,
  messageActivity,
  NOTICE_CHANNEL,
  type Posted,
  postActivity,
  type TeamsUser,
  type Where,
} from "./teams-client.ts";
import { type ConnectorMessage, type ConnectorStub, type Json, startConnectorStub } from "./teams-connector.ts";
import { startTokenIssuer, type TokenIssuer } from "./teams-token-issuer.ts";

export const APP_ID = "00000000-0000-0000-0000-00000000a990";

export interface TeamsKura {
  stack: KuraStack;
  connector: ConnectorStub;
  issuer?: TokenIssuer;
  teams: TeamsPlatform;
  /** `http://127.0.0.1:<port>` of kura's HTTP server. */
  url: string;
  /** POSTs an activity, signed for kura's app id in production mode. */
  send(activity: Json): Promise<Posted>;
  /** `@kura <text>` from `user` (in the ops channel unless `where` says otherwise). */
  command(user: TeamsUser, text: string, where?: Where, locale?: string): Promise<Posted>;
  /** A click on `verb` of the card in `message`; `data` adds inputs (the Reject reason). */
  click(user: TeamsUser, verb: string, message: ConnectorMessage, data?: Json, locale?: string): Promise<Posted>;
}

/**
 * Approver lists as the config file holds them. The qualified form (`teams:<AAD object id>`)
 * comes with the delivery pipeline's approver rules; until then the core matches the bare id.
 */
export function approversYaml(aadObjectIds: string[]): string {
  return `approvers:\n  slackUsers: [${aadObjectIds.map((id) => `"${id}"`).join(", ")}]\n`;
}

export async function startTeamsKura(
  t: TestContext,
  options: { production?: boolean; env?: Record<string, string>; startWorker?: boolean } = {},
): Promise<TeamsKura> {
  const after: (() => unknown)[] = [];
  const cleanups = { after: (fn: () => unknown) => after.push(fn) };
  const connector = await startConnectorStub(cleanups);
  const issuer = options.production ? await startTokenIssuer(cleanups) : undefined;
  const dir = mkdtempSync(join(tmpdir(), "kura-teams-"));
  const configFile = join(dir, "kura.yaml");
  writeFileSync(configFile, approversYaml([BOB.aadObjectId]));
  const auth: Record<string, string> = issuer
    ? { TEAMS_APP_ID: APP_ID, TEAMS_APP_PASSWORD: "not-used-offline", TEAMS_OPENID_METADATA_URL: issuer.metadataUrl }
    : { TEAMS_LOCAL: "true" };
  const stack = await startKuraStack(t, {
    env: { KURA_CONFIG_FILE: configFile, TEAMS_NOTIFY_CHANNELS: NOTICE_CHANNEL, ...auth, ...options.env },
  });
  const http = await startHttpServer({ port: 0, host: "127.0.0.1" });
  const log = createLogger({ level: "warn", name: "kura-teams-test" });
  const teams = startTeamsPlatform(stack.runtime, http, log, issuer ? { credentials: issuer.credentials(APP_ID) } : {});
  stack.track({
    async close() {
      await teams.close();
      await http.close();
      for (const fn of after) await fn();
    },
  });
  if (options.startWorker !== false) await stack.startWorker();
  const url = `http://127.0.0.1:${http.port}`;
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
      return send(invokeActivity(connector.serviceUrl, user, verb, { ...requestId, ...data }, where, message.id, locale));
    },
  };
}

/** The `data` of the card's button with this verb. */
function findData(card: Json | undefined, verb: string): Json {
  let found: Json | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Json;
    if (n.type === "Action.Execute" && n.verb === verb) found = n.data as Json;
    else Object.values(n).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`the card has no ${verb} button`);
  return found;
}

export { ALICE, BOB };
