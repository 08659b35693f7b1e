/**
 * The bot process: Slack's front door (Bolt, HTTP or Socket Mode, with /healthz and /readyz) and
 * the notification queue's consumer, which turns kura's events into Slack posts and edits. The
 * notification queue has exactly one kind of consumer per deployment: this role when Slack is
 * configured, else the worker's log printer (see main.ts).
 */
import { webApi } from "@slack/bolt";
import { healthRoutes } from "../bot/http/health.ts";
import { createSlackApp } from "../bot/slack/app.ts";
import type { Render } from "../bot/slack/blocks.ts";
import { MessageStates } from "../bot/slack/notifier/edit-slots.ts";
import { startSlackNotifier } from "../bot/slack/notifier/notifier.ts";
import { renderMessage } from "../commands/chat/render-message.ts";
import type { ChatService } from "../commands/chat/types.ts";
import type { Logger } from "../log.ts";
import type { Runtime } from "./runtime.ts";

export interface BotRole {
  /** The HTTP port (Slack's requests in `http` mode, health routes in both). */
  port: number;
  close(): Promise<void>;
}

/** Test and benchmark knobs that are not operator configuration. */
export interface BotRoleOverrides {
  /** Listen here instead of `http.port` (0: any free port). */
  port?: number;
  /** Least time between two edits of one Slack message. @defaultValue 1000 */
  editEveryMs?: number;
  /** A system-event burst ends after this long without an event. @defaultValue 600000 */
  burstQuietMs?: number;
}

/** Whether the configuration turns Slack on (a bot token is the switch; config checks the rest). */
export function slackConfigured(runtime: Pick<Runtime, "config">): boolean {
  return runtime.config.slack.botToken !== undefined;
}

export async function startBotRole(
  runtime: Runtime & { chat: ChatService },
  log: Logger,
  overrides: BotRoleOverrides = {},
): Promise<BotRole> {
  const { config } = runtime;
  const { botToken, signingSecret, appToken, mode, apiUrl } = config.slack;
  if (!botToken)
    throw new Error(
      "The bot role needs Slack: set SLACK_BOT_TOKEN (see README, Install in a Slack workspace).",
    );
  const render: Render = (message, locale) =>
    renderMessage(message, locale, { timeZone: config.gc.timeZone });
  const slackLog = log.child({ component: "slack" });

  const slack = await createSlackApp({
    mode,
    botToken,
    ...(signingSecret ? { signingSecret } : {}),
    ...(appToken ? { appToken } : {}),
    apiUrl,
    port: overrides.port ?? config.http.port,
    chat: runtime.chat,
    render,
    approverGroups: config.approvers.slackGroups,
    locale: config.chat.locale,
    routes: healthRoutes({ ready: async () => (await runtime.redis.ping()) === "PONG" }),
    log: slackLog,
  });
  const port = await slack.start();

  // Its own client: a 429 must surface at once so the job waits in BullMQ's delayed set (and the
  // worker moves on) instead of the client sleeping through Retry-After inside the job.
  const client = new webApi.WebClient(botToken, {
    slackApiUrl: apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1_000 },
  });
  const prefix = config.redis.prefix;
  const notifier = startSlackNotifier({
    connection: runtime.blocking,
    prefix: `${prefix}:bull`,
    queueName: config.queues.notify,
    out: {
      chat: runtime.chat,
      client,
      states: new MessageStates(runtime.redis, `${prefix}:slack`),
      render,
      locale: config.chat.locale,
      editEveryMs: overrides.editEveryMs ?? 1_000,
    },
    system: {
      redis: runtime.redis,
      prefix: `${prefix}:slack`,
      channels: config.slack.notifyChannels,
      ...(overrides.burstQuietMs === undefined ? {} : { quietMs: overrides.burstQuietMs }),
    },
    log: slackLog,
  });
  runtime.redisOutage.watch(notifier, "Slack notifier");
  log.info({ mode, port }, "Slack bot is running");

  return {
    port,
    async close() {
      await Promise.allSettled([slack.stop(), notifier.close()]);
    },
  };
}
