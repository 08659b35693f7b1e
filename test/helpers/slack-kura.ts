/**
 * A whole kura behind Slack for end-to-end tests: the kura stack (emulator + Redis + worker, wired as
 * production wires it), the real bot role (Bolt's HTTPReceiver on a free port, the notifier) pointed
 * at a local Slack Web API stand-in, and helpers that act as Slack: signed slash commands and clicks.
 * With `socket: true` the bot runs in Socket Mode instead and the same helpers send envelopes over
 * a local WebSocket stand-in (the ack comes back on the socket, not as an HTTP answer).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { startBotRole } from "../../src/compose/bot-role.ts";
import { createLogger } from "../../src/log.ts";
import { type KuraStack, startKuraStack } from "./kura-stack.ts";
import { type SlackApiStub, type StubMessage, startSlackApiStub } from "./slack-api-stub.ts";
import {
  buttonBody,
  postSigned,
  type SignedOptions,
  type SlackResponse,
  slashCommandBody,
  TEST_SIGNING_SECRET,
  viewSubmissionBody,
} from "./slack-client.ts";
import { type SlackSocketStub, startSlackSocketStub } from "./slack-socket.ts";

export const CHANNEL = "C0OPS01";
export const OPS_CHANNEL = "C0NOTICE";
/** Requester; not an approver. */
export const ALICE = "U0ALICE";
/** Approver by user id. */
export const BOB = "U0BOB";
/** Approver through the `S0APPROVERS` user group. */
export const CAROL = "U0CAROL";
/** Neither. */
export const MALLORY = "U0MALLORY";

export interface SlackKura {
  stack: KuraStack;
  slack: SlackApiStub;
  /** The Socket Mode stand-in, when started with `socket: true`. */
  socket?: SlackSocketStub;
  /** `http://127.0.0.1:<port>` of kura's bot (health routes; Slack's requests in HTTP mode). */
  url: string;
  command(
    user: string,
    text: string,
    options?: SignedOptions & { triggerId?: string },
  ): Promise<SlackResponse>;
  click(user: string, action: "approve" | "reject" | "cancel", card: StubMessage): Promise<SlackResponse>;
  submitReject(user: string, requestId: string, reason: string): Promise<SlackResponse>;
  /** The request id a card's buttons carry. */
  requestIdOf(card: StubMessage): string;
  /** Waits for the channel's nth card (0-based) to be posted. */
  card(index?: number): Promise<StubMessage>;
}

export async function startSlackKura(
  t: TestContext,
  options: {
    env?: Record<string, string>;
    startWorker?: boolean;
    behaviour?: Record<string, number>;
    /** Socket Mode (`SLACK_MODE=socket`, an app token and no signing secret) instead of HTTP. */
    socket?: boolean;
  } = {},
): Promise<SlackKura> {
  // The stand-ins close after the bot (which the stack closes before Redis and the runtime).
  const afterBot: (() => unknown)[] = [];
  const cleanups = { after: (fn: () => unknown) => afterBot.push(fn) };
  const slack = await startSlackApiStub(cleanups);
  slack.groups.set("S0APPROVERS", [CAROL]);
  const socket = options.socket ? await startSlackSocketStub(cleanups) : undefined;
  if (socket) slack.socketUrl = socket.url;
  const socketEnv: Record<string, string> = socket
    ? { SLACK_MODE: "socket", SLACK_APP_TOKEN: "xapp-1-A0KURA-1-kuratest", SLACK_SIGNING_SECRET: "" }
    : {};
  const dir = mkdtempSync(join(tmpdir(), "kura-slack-"));
  const configFile = join(dir, "kura.yaml");
  writeFileSync(configFile, `approvers:\n  users: [slack:${BOB}]\n  groups: [slack:S0APPROVERS]\n`);
  const stack = await startKuraStack(t, {
    env: {
      KURA_CONFIG_FILE: configFile,
      SLACK_BOT_TOKEN: "xoxb-kura-test-token",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_NOTIFY_CHANNELS: OPS_CHANNEL,
      ...socketEnv,
      ...options.env,
    },
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
  });
  const bot = await startBotRole(stack.runtime, createLogger({ level: "warn", name: "kura-bot-test" }), {
    port: 0,
  });
  stack.track({
    async close() {
      await bot.close();
      for (const fn of afterBot) await fn();
    },
  });
  if (options.startWorker !== false) await stack.startWorker();
  const url = `http://127.0.0.1:${bot.port}`;
  const events = `${url}/slack/events`;
  // One Slack request, by the configured transport: a signed POST, or an envelope on the socket
  // whose payload is the same fields (a slash command's form as an object, an interaction's JSON).
  const deliver = async (body: string, signed: SignedOptions = {}): Promise<SlackResponse> => {
    if (!socket) return postSigned(events, body, signed);
    const form = new URLSearchParams(body);
    const interaction = form.get("payload");
    const ack = interaction
      ? await socket.send("interactive", JSON.parse(interaction) as object)
      : await socket.send("slash_commands", Object.fromEntries(form));
    return { status: 200, body: JSON.stringify(ack.payload ?? {}) };
  };
  let responses = 0;
  const requestIdOf = (card: StubMessage): string => {
    const actions = card.blocks.find((b) => b.type === "actions");
    const id = actions?.elements?.[0]?.value;
    if (typeof id !== "string") throw new Error(`card ${card.ts} has no buttons`);
    return id;
  };
  return {
    stack,
    slack,
    ...(socket ? { socket } : {}),
    url,
    command: (user, text, signed = {}) =>
      deliver(
        slashCommandBody({
          text,
          user,
          channel: CHANNEL,
          responseUrl: slack.responseUrl(`r${++responses}`),
          ...(signed.triggerId ? { triggerId: signed.triggerId } : {}),
        }),
        signed,
      ),
    click: (user, action, card) =>
      deliver(
        buttonBody({
          actionId: `kura_${action}`,
          requestId: requestIdOf(card),
          user,
          channel: card.channel,
          messageTs: card.ts,
          responseUrl: slack.responseUrl(`r${++responses}`),
        }),
      ),
    submitReject: (user, requestId, reason) =>
      deliver(
        viewSubmissionBody({
          user,
          callbackId: "kura_reject_reason",
          privateMetadata: JSON.stringify({ requestId, channelId: CHANNEL }),
          values: { reason: { reason_input: { type: "plain_text_input", value: reason } } },
        }),
      ),
    requestIdOf,
    card: (index = 0) => slack.waitFor(`card #${index} in ${CHANNEL}`, () => slack.cards(CHANNEL)[index]),
  };
}

/** All text a Slack message shows (blocks flattened), for assertions on what a user reads. */
export function textOf(message: StubMessage): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "text" && typeof value === "string") parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return parts.join("\n");
}

/** Button action ids a message offers now. */
export function buttonsOf(message: StubMessage): string[] {
  return message.blocks
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements.map((e: { action_id: string }) => e.action_id));
}
