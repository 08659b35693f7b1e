/**
 * kura's Slack front door: a Bolt app over HTTP (Bolt's HTTPReceiver verifies every request's
 * signature and age) or Socket Mode, with the health routes on the same server, the `/backup`
 * command and the card's buttons.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Logger, LogLevel } from "@slack/bolt";
import type { ChatService, Locale } from "../../commands/chat/types.ts";
import type { HealthRoute } from "../http/health.ts";
import { type RoutesServer, serveRoutes } from "../http/routes-server.ts";
import type { Render } from "./blocks.ts";
import { registerButtons } from "./buttons.ts";
import { registerBackupCommand } from "./commands.ts";
import type { AdapterLog } from "./inbound.ts";
import { SlackPeople } from "./people.ts";
import { refuseFutureRequests } from "./timestamp-guard.ts";

export interface SlackAppOptions {
  mode: "http" | "socket";
  botToken: string;
  /** Required in `http` mode. */
  signingSecret?: string;
  /** Required in `socket` mode. */
  appToken?: string;
  /** Web API base, ending in `/`. */
  apiUrl: string;
  /** HTTP port: Slack's requests in `http` mode, health routes in both. 0 picks a free port. */
  port: number;
  chat: ChatService;
  render: Render;
  approverGroups: readonly string[];
  locale: Locale;
  routes: HealthRoute[];
  log: AdapterLog & { debug(object: object, message: string): void };
}

export interface SlackApp {
  app: App;
  /** The port the HTTP server listens on (health routes; Slack's requests in `http` mode). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/** Bolt's logger interface over kura's pino logger, so Bolt's lines carry the same fields. */
function boltLogger(log: SlackAppOptions["log"]): Logger {
  const line = (args: unknown[]) => args.map(String).join(" ");
  return {
    debug: (...args) => log.debug({ component: "bolt" }, line(args)),
    info: (...args) => log.info({ component: "bolt" }, line(args)),
    warn: (...args) => log.warn({ component: "bolt" }, line(args)),
    error: (...args) => log.error({ component: "bolt" }, line(args)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/** Bolt's HTTP receiver behind the future-timestamp guard (Bolt only refuses stale ones). */
function guardedReceiver(options: SlackAppOptions): HTTPReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret ?? "",
    port: options.port,
    customRoutes: options.routes,
    logger: boltLogger(options.log),
  });
  receiver.requestListener = refuseFutureRequests(receiver.requestListener, (reason) =>
    options.log.warn({ reason }, "Slack request refused"),
  );
  return receiver;
}

export async function createSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const socket = options.mode === "socket";
  const app = new App({
    token: options.botToken,
    logger: boltLogger(options.log),
    clientOptions: { slackApiUrl: options.apiUrl },
    // auth.test runs in init(), awaited below, so a wrong token stops start-up with a clear error
    // instead of an unhandled rejection.
    deferInitialization: true,
    ...(socket
      ? {
          socketMode: true,
          appToken: options.appToken,
          // The Socket Mode client has a Web API client of its own (for apps.connections.open):
          // without this it would ask slack.com even when kura is pointed elsewhere.
          installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
        }
      : { receiver: guardedReceiver(options) }),
  });
  await app.init();
  const people = new SlackPeople({
    client: app.client,
    groups: options.approverGroups,
    fallbackLocale: options.locale,
    onError: (error, what) => options.log.warn({ err: error, what }, "Slack lookup failed"),
  });
  const deps = { chat: options.chat, people, render: options.render, log: options.log };
  registerBackupCommand(app, deps);
  registerButtons(app, deps);
  app.error(async (error) => {
    options.log.error({ err: error }, "Slack handler failed");
  });

  // In Socket Mode nothing of Bolt's listens for HTTP: the health routes get a server of their own.
  let health: RoutesServer | undefined;
  return {
    app,
    async start() {
      if (socket) {
        health = await serveRoutes(options.routes, options.port);
        await app.start();
        return health.port;
      }
      const server = (await app.start(options.port)) as unknown as Server;
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      await Promise.allSettled([app.stop(), health?.close()]);
    },
  };
}
