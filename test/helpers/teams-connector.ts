/**
 * A local stand-in for the Bot Connector service at an activity's `serviceUrl`: it records every
 * post, reply and in-place update kura makes (`/v3/conversations/{id}/activities[/{activityId}]`),
 * keeps each message's current and past contents, and can answer 429 with Retry-After, or 403 for
 * a conversation kura was removed from, as Teams does.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

// biome-ignore lint/suspicious/noExplicitAny: activities are open JSON; tests read what they need.
export type Json = Record<string, any>;

export interface ConnectorCall {
  method: string;
  kind: "post" | "reply" | "update";
  conversationId: string;
  /** The activity id in the path (replies and updates). */
  activityId?: string;
  activity: Json;
  authorization: string | undefined;
  /** What the stand-in answered. */
  status: number;
}

export interface ConnectorMessage {
  id: string;
  conversationId: string;
  activity: Json;
  /** Every earlier content of this message, oldest first. */
  history: Json[];
  /** The activity it replies to (`replyToActivity`), if any. */
  replyTo?: string;
}

export interface ConnectorStub {
  /** `http://127.0.0.1:<port>/`: the `serviceUrl` activities carry. */
  serviceUrl: string;
  calls: ConnectorCall[];
  messages: Map<string, ConnectorMessage>;
  /** Messages posted in a conversation (its thread conversations too when `withThreads`). */
  messagesIn(conversationId: string, withThreads?: boolean): ConnectorMessage[];
  /** The next `count` sends (of `kind`, if given) answer 429 with `Retry-After: seconds`. */
  throttle(count: number, seconds: number, kind?: ConnectorCall["kind"]): void;
  /** The next `count` sends answer `status` (with `Retry-After` when `seconds` is given). */
  fail(count: number, status: number, seconds?: number): void;
  /** Sends into this conversation answer 403 from now on (kura was removed). */
  remove(conversationId: string): void;
  /** Polls `check` (sync or async) until it gives a truthy value. */
  waitFor<T>(
    what: string,
    check: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs?: number,
  ): Promise<T>;
}

async function body(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Json) : {};
}

export async function startConnectorStub(cleanup: {
  after(fn: () => unknown): void;
}): Promise<ConnectorStub> {
  const calls: ConnectorCall[] = [];
  const messages = new Map<string, ConnectorMessage>();
  const removed = new Set<string>();
  let throttled = 0;
  let retryAfter = 1;
  let throttledKind: ConnectorCall["kind"] | undefined;
  let failing = 0;
  let failStatus = 500;
  let failAfter: number | undefined;
  let next = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    const activity = await body(req);
    if (!match?.[1]) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "NotFound" } }));
      return;
    }
    const conversationId = decodeURIComponent(match[1]);
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const kind = req.method === "PUT" ? "update" : activityId ? "reply" : "post";
    const record = (status: number) =>
      calls.push({
        method: req.method ?? "",
        kind,
        conversationId,
        ...(activityId ? { activityId } : {}),
        activity,
        authorization: req.headers.authorization,
        status,
      });
    const answer = (status: number, payload: Json, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
    };
    if (throttled > 0 && (throttledKind === undefined || throttledKind === kind)) {
      throttled--;
      answer(
        429,
        { error: { code: "TooManyRequests", message: "throttled" } },
        { "retry-after": String(retryAfter) },
      );
      return;
    }
    if (failing > 0) {
      failing--;
      const headers: Record<string, string> =
        failAfter === undefined ? {} : { "retry-after": String(failAfter) };
      answer(failStatus, { error: { code: `Http${failStatus}`, message: "injected" } }, headers);
      return;
    }
    if (removed.has(conversationId.split(";")[0] ?? conversationId)) {
      answer(403, {
        error: {
          code: "BotNotInConversationRoster",
          message: "The bot is not part of the conversation roster.",
        },
      });
      return;
    }
    if (kind === "update" && activityId) {
      const message = messages.get(activityId);
      if (!message) return answer(404, { error: { code: "ActivityNotFound" } });
      message.history.push(message.activity);
      message.activity = activity;
      return answer(200, { id: activityId });
    }
    const id = `act-${++next}`;
    messages.set(id, {
      id,
      conversationId,
      activity,
      history: [],
      ...(activityId ? { replyTo: activityId } : {}),
    });
    answer(201, { id });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  cleanup.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    messages,
    messagesIn(conversationId, withThreads = false) {
      return [...messages.values()].filter(
        (m) =>
          m.conversationId === conversationId ||
          (withThreads && m.conversationId.startsWith(`${conversationId};`)),
      );
    },
    throttle(count, seconds, kind) {
      throttled = count;
      retryAfter = seconds;
      throttledKind = kind;
    },
    fail(count, status, seconds) {
      failing = count;
      failStatus = status;
      failAfter = seconds;
    },
    remove(conversationId) {
      removed.add(conversationId);
    },
    async waitFor(what, check, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value) return value as never;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** Every text an Adaptive Card (or a message) shows, for assertions on what a user reads. */
export function cardText(activity: Json | undefined): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if ((key === "text" || key === "title" || key === "value") && typeof value === "string")
          parts.push(value);
        else walk(value);
      }
    }
  };
  walk(activity?.attachments ?? activity);
  if (typeof activity?.text === "string") parts.push(activity.text);
  return parts.join("\n");
}

/** The Adaptive Card an activity carries. */
export function cardOf(activity: Json | undefined): Json | undefined {
  return activity?.attachments?.find((a: Json) => a.contentType === "application/vnd.microsoft.card.adaptive")
    ?.content;
}

/** `verb`s of the Action.Execute buttons a card offers (Reject sits inside its ShowCard). */
export function verbsOf(card: Json | undefined): string[] {
  const verbs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const n = node as Json;
      if (n.type === "Action.Execute" && typeof n.verb === "string") verbs.push(n.verb);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return verbs;
}
