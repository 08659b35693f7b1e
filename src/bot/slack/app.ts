/**
 * kura's Slack front door: a Bolt app over HTTP (Bolt's HTTPReceiver verifies every request's
 * signature and age) or Socket Mode, with the health routes on the same server, the `/backup`
 * command and the card's buttons.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type Logger, LogLevel } from "@slack/bolt";
import type { ChatService, Locale } from "../../commands/chat/types.ts";
import type { HealthRoute } from "../http/health.ts";
import type { Render } from "./blocks.ts";
import { registerButtons } from "./buttons.ts";
import { registerBackupCommand } from "./commands.ts";
import type { AdapterLog } from "./inbound.ts";
import { SlackPeople } from "./people.ts";

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

export async function createSlackApp(options: SlackAppOptions): Promise<SlackApp> {
  const socket = options.mode === "socket";
  const app = new App({
    token: options.botToken,
    logger: boltLogger(options.log),
    clientOptions: { slackApiUrl: options.apiUrl },
    customRoutes: options.routes,
    // auth.test runs in init(), awaited below, so a wrong token stops start-up with a clear error
    // instead of an unhandled rejection.
    deferInitialization: true,
    ...(socket
      ? { socketMode: true, appToken: options.appToken, installerOptions: { port: options.port } }
      : { signingSecret: options.signingSecret, port: options.port }),
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

  return {
    app,
    async start() {
      const started = (await app.start(options.port)) as unknown;
      const server = (socket ? undefined : started) as Server | undefined;
      return (server?.address() as AddressInfo | null)?.port ?? options.port;
    },
    async stop() {
      await app.stop();
    },
  };
}
