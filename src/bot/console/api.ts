/**
 * The console's HTTP API under `/console/api/`: what the page reads (session, messages, fleet) and
 * what people do (a command, a button). Each action is one call into the core's `ChatService` with
 * the picked person as actor; the answer is the core's, rendered. A created request's card is not
 * answered here: it arrives through the delivery pipeline, like on every other platform.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { en } from "../../commands/chat/messages/en.ts";
import type { ChatActor, ChatService, DecisionReply, Locale } from "../../commands/chat/types.ts";
import type { FleetQueries } from "../../commands/fleet/overview.ts";
import { COOKIE, type ConsoleAccess, checkAccess, tokenMatches } from "./access.ts";
import { type Display, displayOf, type Render, replyOf } from "./display.ts";
import { fleetDisplay } from "./fleet-view.ts";
import type { ConsolePerson } from "./people.ts";
import type { ConsoleMessageStore, ConsoleRecord } from "./sender.ts";

export interface ConsoleApiDeps {
  chat: ChatService;
  fleet: FleetQueries;
  store: ConsoleMessageStore;
  people: readonly ConsolePerson[];
  access: ConsoleAccess;
  channelId: string;
  /** The deployment's language: the page's first choice. */
  locale: Locale;
  render: Render;
  log: { error(object: object, message: string): void };
}

/** A message as the page gets it: where it sits, and its content in the reader's language. */
export interface ShownMessage {
  id: string;
  parentId?: string;
  private: boolean;
  at: string;
  display: Display;
}

const MAX_BODY = 16 * 1024;
/** Page words: the console's own, plus the buttons it shares with every platform. */
const PAGE_KEYS = [
  ...Object.keys(en).filter((key) => key.startsWith("console.")),
  "action.reject",
  "action.back",
];

export function localeOf(url: URL, fallback: Locale): Locale {
  const lang = url.searchParams.get("lang");
  return lang === "ja" || lang === "en" ? lang : fallback;
}

export function visibleTo(record: ConsoleRecord, person: string | undefined): boolean {
  return record.to === undefined || record.to === person;
}

export function shownMessage(record: ConsoleRecord, locale: Locale, render: Render): ShownMessage {
  return {
    id: record.id,
    ...(record.parentId ? { parentId: record.parentId } : {}),
    private: record.to !== undefined,
    at: record.at,
    display: displayOf(record.content, locale, render),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown, max = 2_000) =>
  typeof value === "string" && value.length <= max ? value : undefined;

export function consoleApi(deps: ConsoleApiDeps) {
  const { chat, render } = deps;
  const personOf = (id: unknown) => deps.people.find((person) => person.id === id);
  const actorOf = (person: ConsolePerson, locale: Locale): ChatActor => ({
    platform: "console",
    id: person.id,
    name: person.name,
    locale,
  });
  const decided = (reply: DecisionReply, locale: Locale) =>
    reply.ok ? { ok: true } : { ok: false, text: render(reply.text, locale) };

  const reads: Record<string, (url: URL, req: IncomingMessage) => Promise<unknown>> = {
    async session(url, req) {
      const locale = localeOf(url, deps.locale);
      const strings = Object.fromEntries(PAGE_KEYS.map((key) => [key, render({ key }, locale)]));
      return {
        locale,
        channelId: deps.channelId,
        interactive: deps.access.interactive,
        people: deps.people,
        strings,
        signedIn: deps.access.token === undefined || checkAccess(req, deps.access, false) === undefined,
      };
    },
    async messages(url) {
      const locale = localeOf(url, deps.locale);
      const person = url.searchParams.get("person") ?? undefined;
      const records = (await deps.store.list()).filter(
        (record) => record.channelId === deps.channelId && visibleTo(record, person),
      );
      return { messages: records.map((record) => shownMessage(record, locale, render)) };
    },
    async fleet(url) {
      return fleetDisplay(await deps.fleet.overview(), localeOf(url, deps.locale), render);
    },
  };

  const writes: Record<
    string,
    (body: Record<string, unknown>, person: ConsolePerson, locale: Locale) => Promise<unknown>
  > = {
    async command(body, person, locale) {
      const typed = text(body.text) ?? "";
      const reply = await chat.handleCommand({
        text: typed.replace(/^\s*\/backup\b/, "").trim(),
        actor: actorOf(person, locale),
        conversation: { platform: "console", channelId: deps.channelId },
        ...(text(body.key, 100) ? { idempotencyKey: text(body.key, 100) } : {}),
      });
      // A created request is shown by its card, which the delivery pipeline posts to the channel.
      return { reply: reply.kind === "message" ? replyOf(reply, locale, render) : null };
    },
    async decide(body, person, locale) {
      const reason = text(body.reason, 500)?.trim();
      const reply = await chat.decide({
        requestId: text(body.requestId, 100) ?? "",
        actor: actorOf(person, locale),
        approve: body.approve === true,
        ...(reason ? { reason } : {}),
      });
      return decided(reply, locale);
    },
    async cancel(body, person, locale) {
      return decided(
        await chat.cancel({ requestId: text(body.requestId, 100) ?? "", actor: actorOf(person, locale) }),
        locale,
      );
    },
    async suggested(body, person, locale) {
      const reply = await chat.suggested({
        action: "request-emergency-window",
        vm: text(body.vm, 200) ?? "",
        actor: actorOf(person, locale),
        conversation: { platform: "console", channelId: deps.channelId },
        ...(text(body.key, 100) ? { idempotencyKey: text(body.key, 100) } : {}),
      });
      return { reply: reply.kind === "message" ? replyOf(reply, locale, render) : null };
    },
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const name = url.pathname.slice("/console/api/".length);
    if (req.method === "POST" && name === "login") return login(req, res, deps.access);
    const write = req.method === "POST";
    const refused = checkAccess(req, deps.access, write);
    if (refused) return send(res, refused.status, { error: refused.error });
    if (!write) {
      const read = Object.hasOwn(reads, name) ? reads[name] : undefined;
      if (!read) return send(res, 404, { error: "not-found" });
      return send(res, 200, await read(url, req));
    }
    const act = Object.hasOwn(writes, name) ? writes[name] : undefined;
    if (!act) return send(res, 404, { error: "not-found" });
    const body = await readJson(req);
    if (!body) return send(res, 400, { error: "bad-json" });
    const person = personOf(body.person);
    if (!person) return send(res, 400, { error: "unknown-person" });
    try {
      return send(res, 200, await act(body, person, localeOf(url, deps.locale)));
    } catch (error) {
      deps.log.error({ err: error, action: name }, "console action failed");
      return send(res, 500, {
        error: "internal",
        text: render({ key: "error.unexpected" }, localeOf(url, deps.locale)),
      });
    }
  };
}

/** Trades the token for an HttpOnly cookie, so the page's event stream (no headers) is signed in too. */
async function login(req: IncomingMessage, res: ServerResponse, access: ConsoleAccess): Promise<void> {
  const body = await readJson(req);
  const token = text(body?.token, 1_000);
  if (access.token === undefined) return send(res, 200, { ok: true });
  if (!tokenMatches(token, access.token)) return send(res, 401, { error: "token-required" });
  const cookie = `${COOKIE}=${encodeURIComponent(token ?? "")}; HttpOnly; SameSite=Strict; Path=/console`;
  send(res, 200, { ok: true }, { "set-cookie": cookie });
}
