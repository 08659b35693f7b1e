/**
 * The bot process: every configured chat platform's front door on one HTTP server (with /healthz and
 * /readyz), and the delivery pipeline, which consumes the notification queues of exactly the
 * platforms running here and speaks through their senders. A platform joins with one line in
 * ./platforms.ts; nothing here names one. The bot starts no emulator and no Azure client of its own.
 */
import { healthRoutes } from "../bot/http/health.ts";
import { type HttpServer, startHttpServer } from "../bot/http/server.ts";
import type { PlatformDeps, Render } from "../bot/platform.ts";
import { renderMessage } from "../commands/chat/render-message.ts";
import { createDelivery } from "../commands/delivery/deliver.ts";
import type { ChatPlatform } from "../commands/ports/chat-sender.ts";
import { endUndeliverable } from "../commands/requests/cancel-request.ts";
import type { Logger } from "../log.ts";
import { RedisDeliveryState } from "../store/redis-delivery-state.ts";
import { startDeliveryConsumer } from "../worker/delivery-consumer.ts";
import { startWithRetry } from "./chat-startup.ts";
import { fleetQueries } from "./console.ts";
import { consoleSetup } from "./console-setup.ts";
import { PLATFORMS, type PlatformEntry } from "./platforms.ts";
import type { Runtime } from "./runtime.ts";

export interface BotRole {
  /** The HTTP server's port (every platform's inbound routes and the health routes). */
  port: number;
  /** The platforms running in this process. */
  platforms: readonly ChatPlatform[];
  close(): Promise<void>;
}

/** Test and benchmark knobs that are not operator configuration. */
export interface BotRoleOverrides {
  /** Listen here instead of `http.port` (0: any free port). */
  port?: number;
  /** Least time between two edits of one message. @defaultValue 1000 */
  editEveryMs?: number;
  /** A system-event burst ends after this long without an event. @defaultValue 600000 */
  burstQuietMs?: number;
  /** Platforms started beside the configured ones (a test's in-memory platform). */
  platforms?: readonly PlatformEntry[];
  /**
   * The process's HTTP server, already serving health and metrics (main.ts); without it the bot
   * starts its own with the health routes (tests).
   */
  http?: HttpServer;
  /** Aborts a platform's start-up retries (shutdown). */
  signal?: AbortSignal;
}

export async function startBotRole(
  runtime: Runtime,
  log: Logger,
  overrides: BotRoleOverrides = {},
): Promise<BotRole> {
  const { config } = runtime;
  const entries = [...PLATFORMS.filter((entry) => entry.configured(config)), ...(overrides.platforms ?? [])];
  if (entries.length === 0) {
    throw new Error(
      "The bot role needs a chat platform: set SLACK_BOT_TOKEN or TEAMS_APP_ID (see README, Install in a Slack workspace / Microsoft Teams).",
    );
  }
  const render: Render = (message, locale) =>
    renderMessage(message, locale, { timeZone: config.gc.timeZone });
  const platforms: ChatPlatform[] = [];
  const http = overrides.http ?? (await ownServer(runtime, log, overrides.port, () => platforms));
  const deps: PlatformDeps = {
    chat: runtime.chat,
    http,
    redis: runtime.redis,
    log,
    render,
    locale: config.chat.locale,
    fleet: fleetQueries(runtime),
  };
  try {
    for (const entry of entries) {
      const start = () => entry.start({ ...deps, log: log.child({ component: entry.id }) }, config);
      // A refused credential is a bad setting (exit 2); an unreachable platform API is retried.
      const { startupError } = entry;
      platforms.push(
        startupError
          ? await startWithRetry(start, startupError, {
              log,
              platform: entry.id,
              ...(overrides.signal ? { signal: overrides.signal } : {}),
            })
          : await start(),
      );
    }
  } catch (error) {
    await Promise.allSettled(platforms.map((p) => p.close()));
    if (!overrides.http) await http.close();
    throw error;
  }

  const { journal, queue, clock } = runtime;
  const delivery = createDelivery({
    senders: new Map(platforms.map((p) => [p.platform, p.sender])),
    noticeChannels: new Map(platforms.map((p) => [p.platform, p.noticeChannels])),
    state: new RedisDeliveryState({ redis: runtime.redis, prefix: config.redis.prefix }),
    cards: {
      view: (requestId, locale) => runtime.chat.view(requestId, locale),
      attachMessage: (requestId, ref) => runtime.chat.attachMessage(requestId, ref),
      undeliverable: async (requestId, detail) =>
        (await endUndeliverable(requestId, detail, { journal, queue, clock }))?.requester,
    },
    locale: config.chat.locale,
    settings: {
      ...(overrides.editEveryMs === undefined ? {} : { editEveryMs: overrides.editEveryMs }),
      ...(overrides.burstQuietMs === undefined ? {} : { burstQuietMs: overrides.burstQuietMs }),
    },
  });
  const consumer = startDeliveryConsumer({
    connection: runtime.blocking,
    prefix: `${config.redis.prefix}:bull`,
    queueName: config.queues.notify,
    delivery,
    log: log.child({ component: "delivery" }),
  });
  for (const worker of consumer.workers) runtime.redisOutage.watch(worker, `${worker.name} worker`);
  log.info({ port: http.port, platforms: delivery.platforms }, "chat platforms are running");

  return {
    port: http.port,
    platforms,
    async close() {
      await consumer.close();
      await Promise.allSettled(platforms.map((p) => p.close()));
      if (!overrides.http) await http.close();
    },
  };
}

/** A server of the bot's own, with the health routes, when main.ts gave it none (tests). */
async function ownServer(
  runtime: Runtime,
  log: Logger,
  port: number | undefined,
  platforms: () => readonly ChatPlatform[],
): Promise<HttpServer> {
  const http = await startHttpServer({
    port: port ?? runtime.config.http.port,
    host: consoleSetup(runtime.config).host,
    onError: (error) => log.error({ err: error }, "HTTP handler failed"),
  });
  http.mount(
    ...healthRoutes({
      checks: [
        { name: "redis", ready: async () => (await runtime.redis.ping()) === "PONG" },
        {
          name: "chat",
          ready: async () => (await Promise.all(platforms().map((p) => p.ready()))).every(Boolean),
        },
      ],
    }),
  );
  return http;
}
