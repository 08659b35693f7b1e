/**
 * A local stand-in for the Slack Web API (and for `response_url`s), speaking Slack's wire format:
 * form-encoded `POST /api/<method>` with `blocks`/`view` as JSON strings inside the form, answered
 * with `{ ok: true, … }`. It records every call, keeps posted messages so tests can read what a
 * channel shows, and can answer chosen calls with HTTP 429 and `Retry-After`, as Slack throttles.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "./poll.ts";

export { waitFor };

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** HTTP status the stub answered. */
  status: number;
}

export interface StubMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlock[];
  threadTs?: string;
  /** Every version of the blocks, oldest first (index 0: as posted). */
  history: SlackBlock[][];
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as Slack receives it, read loosely in tests.
export type SlackBlock = Record<string, any>;

export interface StubUser {
  id: string;
  name?: string;
  locale?: string;
}

export interface SlackApiStub {
  /** Base URL for `SLACK_API_URL`, ending in `/api/`. */
  apiUrl: string;
  /** A `response_url` the stub records under `respond` calls (`args.url` is this id). */
  responseUrl(id: string): string;
  calls: SlackCall[];
  /** Messages by `ts`, in posting order. */
  messages: StubMessage[];
  users: Map<string, StubUser>;
  /** User group id → member ids. */
  groups: Map<string, string[]>;
  /** What `apps.connections.open` answers (Socket Mode); unset, it answers an error as Slack would. */
  socketUrl?: string;
  /** The next `times` calls of `method` are answered 429 with `Retry-After: retryAfterSeconds`. */
  throttle(method: string, retryAfterSeconds: number, times?: number): void;
  /** Every post to `channel` (messages and ephemerals) is answered `{ ok: false, error }`, as Slack does. */
  refuse(channel: string, error: string): void;
  /** Calls of `method` get no answer until `release()`; `most` is how many waited at once. */
  hold(method: string): { readonly waiting: number; readonly most: number; release(): void };
  callsOf(method: string): SlackCall[];
  /** Top-level messages in a channel (not thread replies). */
  cards(channel: string): StubMessage[];
  replies(threadTs: string): StubMessage[];
  /** Resolves once `check` returns a truthy value (polled); rejects with `what` after `timeoutMs`. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
}

/** A node:test `TestContext`, or anything else that runs cleanups (a benchmark). */
export interface Cleanups {
  after(fn: () => unknown): void;
}

export async function startSlackApiStub(t: Cleanups): Promise<SlackApiStub> {
  const calls: SlackCall[] = [];
  const messages: StubMessage[] = [];
  const users = new Map<string, StubUser>();
  const groups = new Map<string, string[]>();
  const throttles = new Map<string, { retryAfter: number; times: number }>();
  const refusals = new Map<string, string>();
  const holds = new Map<string, { waiting: (() => void)[]; most: number; released: boolean }>();
  let clock = 1_700_000_000;
  let seq = 0;
  const nextTs = () => `${clock++}.${String(++seq).padStart(6, "0")}`;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const refused = refusals.get(String(args.channel));
    if (refused && method.startsWith("chat.")) return { ok: false, error: refused };
    switch (method) {
      case "auth.test":
        return {
          url: "https://kura-test.slack.com/",
          team: "kura",
          user: "kura",
          team_id: "T0KURA",
          user_id: "U0KURA",
          bot_id: "B0KURA",
        };
      case "chat.postMessage": {
        const message: StubMessage = {
          channel: String(args.channel),
          ts: nextTs(),
          text: String(args.text ?? ""),
          blocks: (args.blocks as SlackBlock[]) ?? [],
          ...(args.thread_ts ? { threadTs: String(args.thread_ts) } : {}),
          history: [],
        };
        message.history.push(message.blocks);
        messages.push(message);
        return {
          channel: message.channel,
          ts: message.ts,
          message: { type: "message", text: message.text, ts: message.ts, bot_id: "B0KURA" },
        };
      }
      case "chat.update": {
        const message = messages.find((m) => m.ts === args.ts && m.channel === args.channel);
        if (!message) return { ok: false, error: "message_not_found" };
        message.text = String(args.text ?? message.text);
        if (args.blocks) message.blocks = args.blocks as SlackBlock[];
        message.history.push(message.blocks);
        return { channel: message.channel, ts: message.ts, text: message.text, message: {} };
      }
      case "chat.postEphemeral":
        return { message_ts: nextTs() };
      case "users.info": {
        const user = users.get(String(args.user)) ?? { id: String(args.user) };
        return {
          user: {
            id: user.id,
            team_id: "T0KURA",
            name: user.name ?? user.id,
            is_bot: false,
            ...(user.locale ? { locale: user.locale } : {}),
            profile: { display_name: user.name ?? user.id },
          },
        };
      }
      case "usergroups.users.list": {
        const members = groups.get(String(args.usergroup));
        return members ? { users: members } : { ok: false, error: "no_such_subteam" };
      }
      case "apps.connections.open":
        return stub.socketUrl ? { url: stub.socketUrl } : { ok: false, error: "not_allowed_token_type" };
      case "views.open":
        return { view: { id: `V${++seq}`, ...(args.view as object) } };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? "/", "http://stub").pathname;
    if (path.startsWith("/respond/")) {
      calls.push({
        method: "respond",
        args: { url: path.slice(9), ...JSON.parse(body || "{}") },
        status: 200,
      });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    const method = path.replace(/^\/api\//, "");
    const args = parseForm(body);
    const throttle = throttles.get(method);
    if (throttle && throttle.times > 0) {
      throttle.times -= 1;
      calls.push({ method, args, status: 429 });
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(throttle.retryAfter) });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    const held = holds.get(method);
    if (held && !held.released) {
      await new Promise<void>((resolve) => {
        held.waiting.push(resolve);
        held.most = Math.max(held.most, held.waiting.length);
      });
    }
    calls.push({ method, args, status: 200 });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, ...answer(method, args) }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => new Promise((resolve) => server.close(resolve)));
  server.unref();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const stub: SlackApiStub = {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/respond/${id}`,
    calls,
    messages,
    users,
    groups,
    throttle(method, retryAfterSeconds, times = 1) {
      throttles.set(method, { retryAfter: retryAfterSeconds, times });
    },
    refuse(channel, error) {
      refusals.set(channel, error);
    },
    hold(method) {
      const held = { waiting: [] as (() => void)[], most: 0, released: false };
      holds.set(method, held);
      return {
        get waiting() {
          return held.waiting.length;
        },
        get most() {
          return held.most;
        },
        release() {
          held.released = true;
          for (const resolve of held.waiting.splice(0)) resolve();
        },
      };
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    cards: (channel) => messages.filter((m) => m.channel === channel && !m.threadTs),
    replies: (threadTs) => messages.filter((m) => m.threadTs === threadTs),
    waitFor: (what, check, timeoutMs = 30_000) => waitFor(what, check, timeoutMs),
  };
  return stub;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Slack's form encoding: objects and arrays travel as JSON strings. */
function parseForm(body: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}
