/**
 * Who may use the console, through kura's real HTTP server and the console's real routes: local mode
 * takes commands only from this host and this origin; a console turned on elsewhere without a token
 * is read-only; with `KURA_CONSOLE_TOKEN` every call needs the token (a header, or the cookie the
 * page gets for it), and then people may act.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import type { ConsoleAccess } from "../../../src/bot/console/access.ts";
import type { ConsoleRecord } from "../../../src/bot/console/sender.ts";
import { startConsole } from "../../../src/bot/console/start.ts";
import { startHttpServer } from "../../../src/bot/http/server.ts";
import { renderMessage } from "../../../src/commands/chat/render-message.ts";
import { fleetQueries } from "../../../src/compose/console.ts";
import { consoleSetup } from "../../../src/compose/console-setup.ts";
import { loadConfig } from "../../../src/config.ts";
import { createLogger } from "../../../src/log.ts";
import { RedisRecentLog } from "../../../src/store/redis-recent-log.ts";
import { type KuraStack, startKuraStack } from "../../helpers/kura-stack.ts";

const TOKEN = "console-token-0123456789";

async function consoleOn(stack: KuraStack, access: ConsoleAccess): Promise<string> {
  const http = await startHttpServer({ port: 0, host: "127.0.0.1" });
  const platform = await startConsole({
    chat: stack.runtime.chat,
    http,
    redis: stack.runtime.redis,
    log: createLogger({ level: "warn", name: "console-access-test" }),
    render: (message, locale) => renderMessage(message, locale),
    locale: "en",
    fleet: fleetQueries(stack.runtime),
    store: new RedisRecentLog<ConsoleRecord>({
      redis: stack.runtime.redis,
      prefix: stack.prefix,
      name: "console",
      max: 10,
    }),
    config: { access, timeZone: "Asia/Tokyo" },
  });
  stack.track(platform);
  stack.track(http);
  return `http://127.0.0.1:${http.port}`;
}

/** fetch may not set Host; a DNS-rebinding page's requests carry its own name there. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    })
      .on("error", reject)
      .end();
  });
}

const command = (headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ person: "aiko", text: "/backup help" }),
});

test("local mode: commands from this host and origin only", async (t) => {
  const stack = await startKuraStack(t);
  const url = await consoleOn(stack, { interactive: true });
  assert.equal((await fetch(`${url}/console/api/command`, command())).status, 200);
  assert.equal(await statusWithHost(`${url}/console/api/fleet`, "attacker.example"), 403, "a rebound name");
  assert.equal(await statusWithHost(`${url}/console/api/fleet`, "localhost:3000"), 200);
  const crossSite = await fetch(`${url}/console/api/command`, command({ origin: "http://attacker.example" }));
  assert.equal(crossSite.status, 403);
  const form = await fetch(`${url}/console/api/command`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "person=aiko&text=web-01",
  });
  assert.equal(form.status, 415, "a cross-site form cannot post JSON");
  assert.equal(
    (await fetch(`${url}/console/api/command`, { ...command(), body: '{"person":"mallory"}' })).status,
    400,
  );
});

test("turned on in production without a token: read-only", async (t) => {
  const stack = await startKuraStack(t);
  const setup = consoleSetup(
    loadConfig({
      ...stack.env,
      // A deployment: a chat platform is configured, so this is not local mode.
      KURA_CONSOLE: "on",
      SLACK_BOT_TOKEN: "xoxb-kura-test-token",
      SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef",
    }),
  );
  assert.deepEqual(setup.access, { interactive: false });
  assert.equal(setup.host, "0.0.0.0");
  const url = await consoleOn(stack, setup.access);
  assert.equal((await fetch(`${url}/console/api/fleet`)).status, 200);
  const refused = await fetch(`${url}/console/api/command`, command());
  assert.equal(refused.status, 403);
  assert.deepEqual(await refused.json(), { error: "read-only" });
  const session = (await (await fetch(`${url}/console/api/session`)).json()) as { interactive: boolean };
  assert.equal(session.interactive, false, "the page hides the composer and buttons");
});

test("with a token: nothing without it; the header or the page's cookie lets people act", async (t) => {
  const stack = await startKuraStack(t);
  const url = await consoleOn(stack, { interactive: true, token: TOKEN });
  assert.equal((await fetch(`${url}/console/api/fleet`)).status, 401);
  assert.equal((await fetch(`${url}/console/events`)).status, 401);
  assert.equal(
    (await fetch(`${url}/console/api/command`, command({ authorization: "Bearer wrong-token-000000" })))
      .status,
    401,
  );
  assert.equal(
    (await fetch(`${url}/console/api/command`, command({ authorization: `Bearer ${TOKEN}` }))).status,
    200,
  );

  const wrong = await fetch(`${url}/console/api/login`, {
    ...command(),
    body: JSON.stringify({ token: "nope" }),
  });
  assert.equal(wrong.status, 401);
  const login = await fetch(`${url}/console/api/login`, {
    ...command(),
    body: JSON.stringify({ token: TOKEN }),
  });
  const cookie = login.headers.get("set-cookie") ?? "";
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const withCookie = { cookie: cookie.split(";")[0] ?? "" };
  assert.equal((await fetch(`${url}/console/api/fleet`, { headers: withCookie })).status, 200);
  const stream = await fetch(`${url}/console/events`, { headers: withCookie });
  assert.equal(stream.status, 200);
  assert.match(stream.headers.get("content-type") ?? "", /text\/event-stream/);
  await stream.body?.cancel();
});

test("the page is served with a strict content security policy", async (t) => {
  const stack = await startKuraStack(t);
  const url = await consoleOn(stack, { interactive: true });
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-security-policy") ?? "", /script-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/console\/static\/console.js">/);
});
