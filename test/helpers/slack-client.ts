/**
 * Sends requests to kura's Slack endpoint signed exactly as Slack signs them: `v0=` + hex
 * HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret, form-encoded with the exact
 * content-type Slack uses (no charset), slash commands as flat forms and interactions as `payload=`.
 */
import { createHmac } from "node:crypto";

export const TEST_SIGNING_SECRET = "0123456789abcdef0123456789abcdef";

export interface SignedOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sent as `X-Slack-Retry-Num` (Slack's retry marker). */
  retryNum?: number;
}

export interface SlackResponse {
  status: number;
  body: string;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** POSTs a raw form body with Slack's headers. */
export async function postSigned(
  url: string,
  body: string,
  options: SignedOptions = {},
): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": sign(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
      ...(options.retryNum
        ? { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" }
        : {}),
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

let triggers = 0;

/** The fields of a `/backup` slash command as Slack sends them. */
export function slashCommandBody(fields: {
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: "deprecated-verification-token",
    team_id: "T0KURA",
    team_domain: "kura-test",
    channel_id: fields.channel,
    channel_name: "ops",
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: "/backup",
    text: fields.text,
    api_app_id: "A0KURA",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? nextTriggerId(),
  }).toString();
}

export function nextTriggerId(): string {
  triggers += 1;
  return `${Date.now()}.${triggers}.trigger${triggers.toString(16)}`;
}

/** A `block_actions` payload for a click on one of kura's buttons on a channel message. */
export function buttonBody(fields: {
  actionId: string;
  requestId: string;
  user: string;
  channel: string;
  messageTs: string;
  responseUrl: string;
}): string {
  const payload = {
    type: "block_actions",
    user: {
      id: fields.user,
      username: fields.user.toLowerCase(),
      name: fields.user.toLowerCase(),
      team_id: "T0KURA",
    },
    api_app_id: "A0KURA",
    token: "deprecated-verification-token",
    trigger_id: nextTriggerId(),
    team: { id: "T0KURA", domain: "kura-test" },
    enterprise: null,
    is_enterprise_install: false,
    container: {
      type: "message",
      message_ts: fields.messageTs,
      channel_id: fields.channel,
      is_ephemeral: false,
    },
    channel: { id: fields.channel, name: "ops" },
    message: { type: "message", ts: fields.messageTs, text: "", bot_id: "B0KURA", blocks: [] },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: "kura_actions",
        type: "button",
        value: fields.requestId,
        text: { type: "plain_text", text: "x" },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A `view_submission` payload for a modal kura opened (`private_metadata` carries its context). */
export function viewSubmissionBody(fields: {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, { type: string; value: string | null }>>;
}): string {
  const payload = {
    type: "view_submission",
    team: { id: "T0KURA", domain: "kura-test" },
    user: {
      id: fields.user,
      username: fields.user.toLowerCase(),
      name: fields.user.toLowerCase(),
      team_id: "T0KURA",
    },
    api_app_id: "A0KURA",
    token: "deprecated-verification-token",
    trigger_id: nextTriggerId(),
    view: {
      id: "V0MODAL",
      type: "modal",
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata,
      state: { values: fields.values },
      hash: "1.abc",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
