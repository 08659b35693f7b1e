/**
 * `startConsole`: the local web console as a chat platform like Slack and Teams. Inbound, the page's
 * commands and buttons go to the one `ChatService`; outbound, the delivery pipeline speaks through
 * the console's `ChatSender`, whose messages reach open pages live. It mounts on kura's one HTTP
 * server: the page at `/`, its API at `/console/api/`, its event stream at `/console/events`.
 */
import { renderText } from "../../commands/chat/render-message.ts";
import type { ChatService, Locale } from "../../commands/chat/types.ts";
import type { FleetQueries } from "../../commands/fleet/overview.ts";
import type { ChatPlatform } from "../../commands/ports/chat-sender.ts";
import type { HttpServer } from "../http/server.ts";
import type { ConsoleAccess } from "./access.ts";
import { consoleApi } from "./api.ts";
import type { Render } from "./display.ts";
import { consoleEvents } from "./events.ts";
import { type ConsolePerson, LOCAL_PEOPLE } from "./people.ts";
import { ConsoleLive, type ConsoleMessageStore, ConsoleSender } from "./sender.ts";
import { STATIC_PATHS, staticFiles } from "./static.ts";

/** The console's one channel: its id in `Conversation.channelId` and in notice channel lists. */
export const CONSOLE_CHANNEL = "console";

export interface ConsoleDeps {
  http: Pick<HttpServer, "mount">;
  chat: ChatService;
  fleet: FleetQueries;
  /** Where messages are kept (src/store/redis-recent-log.ts). */
  store: ConsoleMessageStore;
  access: ConsoleAccess;
  /** @defaultValue {@link LOCAL_PEOPLE} */
  people?: readonly ConsolePerson[];
  /** The deployment's language, the page's first choice (a switch on the page changes it). */
  locale: Locale;
  /** IANA zone times are shown in. */
  timeZone: string;
  log: { info(object: object, message: string): void; error(object: object, message: string): void };
  /** kura's clock (the demo's may run fast), for when messages were posted. */
  now?: () => Date;
}

export function startConsole(deps: ConsoleDeps): ChatPlatform {
  const render: Render = (message, locale) => renderText(message, locale, { timeZone: deps.timeZone });
  const live = new ConsoleLive();
  const sender = new ConsoleSender({ store: deps.store, live, ...(deps.now ? { now: deps.now } : {}) });
  const shared = { access: deps.access, channelId: CONSOLE_CHANNEL, locale: deps.locale, render };
  const streams = consoleEvents({ ...shared, live });
  const page = staticFiles();
  deps.http.mount(
    ...STATIC_PATHS.map((path) => ({ methods: ["GET", "HEAD"], path, handler: page })),
    { methods: ["GET"], path: "/console/events", handler: streams.handler },
    {
      methods: ["GET", "POST"],
      path: "/console/api/",
      prefix: true,
      handler: consoleApi({
        ...shared,
        chat: deps.chat,
        fleet: deps.fleet,
        store: deps.store,
        people: deps.people ?? LOCAL_PEOPLE,
        log: deps.log,
      }),
    },
  );
  return {
    platform: "console",
    sender,
    noticeChannels: [CONSOLE_CHANNEL],
    ready: async () => true,
    async close() {
      streams.closeAll();
    },
  };
}
