/**
 * `GET /console/events`: server-sent events to an open page. Every message the console's sender
 * posts or edits is pushed as `event: message`, rendered in the page's language and only to whoever
 * may see it; the page keeps it in place by id. A comment every 15 s keeps proxies from closing it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Locale } from "../../commands/chat/types.ts";
import { type ConsoleAccess, checkAccess } from "./access.ts";
import { localeOf, shownMessage, visibleTo } from "./api.ts";
import type { Render } from "./display.ts";
import type { ConsoleLive } from "./sender.ts";

const HEARTBEAT_MS = 15_000;

export interface ConsoleStreams {
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream (on shutdown, so the server can close). */
  closeAll(): void;
}

export function consoleEvents(deps: {
  live: ConsoleLive;
  access: ConsoleAccess;
  channelId: string;
  locale: Locale;
  render: Render;
}): ConsoleStreams {
  const open = new Set<ServerResponse>();
  return {
    handler(req, res) {
      const refused = checkAccess(req, deps.access, false);
      if (refused) {
        res.writeHead(refused.status, { "content-type": "application/json" }).end(JSON.stringify(refused));
        return;
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      const locale = localeOf(url, deps.locale);
      const person = url.searchParams.get("person") ?? undefined;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write("retry: 2000\n\n");
      const unsubscribe = deps.live.subscribe((record) => {
        if (record.channelId !== deps.channelId || !visibleTo(record, person)) return;
        res.write(`event: message\ndata: ${JSON.stringify(shownMessage(record, locale, deps.render))}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      open.add(res);
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      req.on("close", stop);
      res.on("close", stop);
    },
    closeAll() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
