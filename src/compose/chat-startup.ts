/**
 * Starting a chat platform, as an operator sees it: a token the platform refuses is a bad setting
 * (what is wrong, how to fix it; kura exits 2 like any other), while a platform API that cannot be
 * reached is retried with a bounded back-off and one clear log line per attempt — the process keeps
 * answering SIGTERM meanwhile (the wait is abortable).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ConfigError } from "../config.ts";
import type { Logger } from "../log.ts";

/** Slack's answers that mean the token itself is wrong (auth.test at start-up). */
const REFUSED_TOKEN = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "not_allowed_token_type",
]);

/** Turns a refused Slack token into the ConfigError operators get for any bad setting. */
export function slackStartupError(error: unknown): ConfigError | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (typeof code !== "string" || !REFUSED_TOKEN.has(code)) return undefined;
  return new ConfigError([
    {
      key: "SLACK_BOT_TOKEN",
      message: `Slack refused the bot token (${code}). Copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page; reinstall the app to the workspace if it was revoked.`,
    },
  ]);
}

export interface RetryOptions {
  log: Logger;
  platform: string;
  /** First wait between attempts. @defaultValue 1000 */
  firstDelayMs?: number;
  /** Longest wait between attempts. @defaultValue 60000 */
  maxDelayMs?: number;
  /** Aborts the wait (shutdown). */
  signal?: AbortSignal;
}

/**
 * Calls `start` until it succeeds; a refused credential (`fatal` returns a ConfigError) is thrown at
 * once, anything else is logged and retried after a doubling, capped delay.
 */
export async function startWithRetry<T>(
  start: () => Promise<T>,
  fatal: (error: unknown) => ConfigError | undefined,
  options: RetryOptions,
): Promise<T> {
  let delay = options.firstDelayMs ?? 1_000;
  const max = options.maxDelayMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const bad = fatal(error);
      if (bad) throw bad;
      options.log.warn(
        { platform: options.platform, attempt, retryInMs: delay, err: error },
        `${options.platform} cannot be reached; retrying (health answers meanwhile, SIGTERM stops)`,
      );
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : undefined);
      delay = Math.min(delay * 2, max);
    }
  }
}
