/**
 * `startSlack`: Slack as one platform of kura, in one call. Inbound, Bolt on the shared HTTP server
 * (or Socket Mode) calling the chat core; outbound, a `SlackSender` the delivery pipeline drives.
 */
import { webApi } from "@slack/bolt";
import type { ChatPlatform } from "../../commands/ports/chat-sender.ts";
import type { PlatformDeps } from "../platform.ts";
import { createSlackApp } from "./app.ts";
import { SlackSender } from "./sender.ts";

/** Slack's slice of kura's configuration (`KuraConfig["slack"]` plus its approver groups). */
export interface SlackSettings {
  botToken: string;
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  mode: "http" | "socket";
  /** The Web API base, ending in `/`. */
  apiUrl: string;
  /** Channels for system notices (`SLACK_NOTIFY_CHANNELS`). */
  notifyChannels: readonly string[];
  /** Slack user group ids (`S…`) whose members may approve (`slack:S…` in `KURA_APPROVER_GROUPS`). */
  approverGroups: readonly string[];
}

export async function startSlack(deps: PlatformDeps & { config: SlackSettings }): Promise<ChatPlatform> {
  const { config } = deps;
  const slack = await createSlackApp({
    mode: config.mode,
    botToken: config.botToken,
    ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}),
    ...(config.appToken ? { appToken: config.appToken } : {}),
    apiUrl: config.apiUrl,
    http: deps.http,
    chat: deps.chat,
    render: deps.render,
    approverGroups: config.approverGroups,
    locale: deps.locale,
    log: deps.log,
  });
  await slack.start();
  // Its own client: a 429 must surface at once so the job waits in the queue's delayed set (and the
  // consumer moves on) instead of the client sleeping through Retry-After inside the job.
  const client = new webApi.WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1_000 },
  });
  deps.log.info({ mode: config.mode }, "Slack is running");
  return {
    platform: "slack",
    sender: new SlackSender(client, deps.render),
    noticeChannels: config.notifyChannels,
    // init() ran auth.test: a process that got here is authenticated.
    ready: async () => true,
    close: () => slack.stop(),
  };
}
