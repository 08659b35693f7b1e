/**
 * A whole kura behind its local web console for browser tests: the kura stack (emulator + Redis +
 * worker, wired as production wires it) and the real bot role in local mode, which starts the
 * console as a chat platform on kura's one HTTP server (127.0.0.1, a free port) and the delivery
 * pipeline that speaks through the console's sender. Nothing is stood in for.
 */
import type { TestContext } from "node:test";
import { type BotRole, startBotRole } from "../../src/compose/bot-role.ts";
import { createLogger } from "../../src/log.ts";
import { type KuraStack, startKuraStack } from "./kura-stack.ts";

export interface ConsoleKura {
  stack: KuraStack;
  bot: BotRole;
  /** `http://127.0.0.1:<port>/`: the page. */
  url: string;
}

export async function startConsoleKura(
  t: TestContext,
  options: { env?: Record<string, string> } = {},
): Promise<ConsoleKura> {
  const stack = await startKuraStack(t, { env: { KURA_CONSOLE: "auto", ...options.env } });
  const bot = await startBotRole(stack.runtime, createLogger({ level: "warn", name: "kura-console-test" }), {
    port: 0,
    editEveryMs: 200,
  });
  stack.track(bot);
  await stack.startWorker();
  return { stack, bot, url: `http://127.0.0.1:${bot.port}/` };
}
