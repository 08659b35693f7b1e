/**
 * `startConsole`: the local web console as a chat platform like Slack and Teams. Inbound, the page's
 * commands and buttons go to the one `ChatService`; outbound, the delivery pipeline speaks through
 * the console's `ChatSender`, whose messages reach open pages live. It mounts on kura's one HTTP
 * server: the page at `/`, its API at `/console/api/`, its event stream at `/console/events`.
 */
import { renderText } from "../../commands/chat/render-message.ts";
import type { FleetQueries } from "../../commands/fleet/overview.ts";
import type { ChatPlatform } from "../../commands/ports/chat-sender.ts";
import type { PlatformDeps } from "../platform.ts";
import type { ConsoleAccess } from "./access.ts";
import { consoleApi } from "./api.ts";
import type { Render } from "./display.ts";
import { consoleEvents } from "./events.ts";
import { type ConsolePerson, LOCAL_PEOPLE } from "./people.ts";
import { ConsoleLive, type ConsoleMessageStore, ConsoleSender } from "./sender.ts";
import { STATIC_PATHS, staticFiles } from "./static.ts";

/** The console's one channel: its id in `Conversation.channelId` and in notice channel lists. */
export const CONSOLE_CHANNEL = "console";

/** The console's own settings and parts, from the composition root (src/compose/console.ts). */
export interface ConsoleSettings {
  access: ConsoleAccess;
  /** @defaultValue {@link LOCAL_PEOPLE} */
  people?: readonly ConsolePerson[];
  /** IANA zone times are shown in. */
  timeZone: string;
}

export interface ConsoleDeps extends PlatformDeps {
  fleet: FleetQueries;
  /** Where messages are kept (src/store/redis-recent-log.ts). */
  store: ConsoleMessageStore;
  config: ConsoleSettings;
}

export async function startConsole(deps: ConsoleDeps): Promise<ChatPlatform> {
  const render: Render = (message, locale) => renderText(message, locale, { timeZone: deps.config.timeZone });
  const live = new ConsoleLive();
  const sender = new ConsoleSender({ store: deps.store, live });
  const shared = { access: deps.config.access, channelId: CONSOLE_CHANNEL, locale: deps.locale, render };
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
        people: deps.config.people ?? LOCAL_PEOPLE,
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
