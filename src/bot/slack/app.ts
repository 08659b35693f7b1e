/**
 * kura's Slack front door: a Bolt app over HTTP or Socket Mode with the `/backup` command and the
 * card's buttons. In `http` mode Bolt's HTTPReceiver (which verifies every request's signature and
 * age) is mounted on the process's one HTTP server as its request listener, at `/slack/events`, so
 * Slack, the health routes and other platforms share one port; Bolt never listens itself.
 */
import { App, HTTPReceiver, type Logger, LogLevel } from "@slack/bolt";
import type { ChatService, Locale } from "../../commands/chat/types.ts";
import type { HttpServer } from "../http/server.ts";
import type { PlatformLog, Render } from "../platform.ts";
import { AfterAck } from "./after-ack.ts";
import { registerButtons } from "./buttons.ts";
import { registerBackupCommand } from "./commands.ts";
import { SlackPeople } from "./people.ts";
import { refuseFutureRequests } from "./timestamp-guard.ts";

/** Where Slack sends events, commands and interactions in `http` mode (the manifest's request URL). */
export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackAppOptions {
  mode: "http" | "socket";
  botToken: string;
  /** Required in `http` mode. */
  signingSecret?: string;
  /** Required in `socket` mode. */
  appToken?: string;
  /** Web API base, ending in `/`. */
  apiUrl: string;
  http: HttpServer;
  chat: ChatService;
  render: Render;
  /** Slack user group ids (`S…`) whose members may approve. */
  approverGroups: readonly string[];
  locale: Locale;
  log: PlatformLog;
}

export interface SlackApp {
  app: App;
  /** Connects (Socket Mode) or starts answering on the shared server (`http`). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Bolt's logger interface over kura's pino logger, so Bolt's lines carry the same fields. */
function boltLogger(log: PlatformLog): Logger {
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
  const logger = boltLogger(options.log);
  const receiver = socket
    ? undefined
    : new HTTPReceiver({ signingSecret: options.signingSecret ?? "", endpoints: SLACK_EVENTS_PATH, logger });
  const app = new App({
    token: options.botToken,
    logger,
    // Bounded: an unreachable Slack fails start-up in seconds (the composition root retries with
    // back-off and clear log lines) instead of the client's default half hour of silent retries.
    clientOptions: {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 2, minTimeout: 500, maxTimeout: 2_000 },
    },
    // auth.test runs in init(), awaited below, so a wrong token stops start-up with a clear error
    // instead of an unhandled rejection.
    deferInitialization: true,
    ...(receiver
      ? { receiver }
      : {
          socketMode: true,
          appToken: options.appToken,
          // The Socket Mode client has a Web API client of its own (for apps.connections.open):
          // without this it would ask slack.com even when kura is pointed elsewhere.
          installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
        }),
  });
  await app.init();
  const people = new SlackPeople({
    client: app.client,
    groups: options.approverGroups,
    fallbackLocale: options.locale,
    onError: (error, what) => options.log.warn({ err: error, what }, "Slack lookup failed"),
  });
  const deps = {
    chat: options.chat,
    people,
    render: options.render,
    log: options.log,
    afterAck: new AfterAck(),
  };
  registerBackupCommand(app, deps);
  registerButtons(app, deps);
  app.error(async (error) => {
    options.log.error({ err: error }, "Slack handler failed");
  });

  return {
    app,
    async start() {
      if (receiver) {
        // Bolt refuses stale timestamps only; the guard refuses ones from the future too.
        const handler = refuseFutureRequests(receiver.requestListener, (reason) =>
          options.log.warn({ reason }, "Slack request refused"),
        );
        options.http.mount({ methods: ["POST"], path: SLACK_EVENTS_PATH, handler });
        return;
      }
      await app.start();
    },
    async stop() {
      // In `http` mode the shared server closes with the process; only Socket Mode has a connection.
      if (socket) await app.stop();
    },
  };
}
