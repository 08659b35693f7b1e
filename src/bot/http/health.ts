/**
 * Health routes every kura process serves on its one HTTP server (server.ts), whatever its role:
 * `/healthz` says the process is alive (an orchestrator restarts it when this fails), `/readyz` that
 * it can do its work — its Redis answers, its queue workers run and, for the bot, its chat platforms
 * are connected and authenticated — so traffic and rollouts wait for it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Route } from "./server.ts";

/** The route shape Bolt's `customRoutes` take (a Slack receiver that listens itself). */
export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** One thing readiness depends on; a throw or a timeout counts as not ready. */
export interface ReadinessCheck {
  name: string;
  ready(): boolean | Promise<boolean>;
}

export interface HealthOptions {
  checks: readonly ReadinessCheck[];
  /** Longest one check may take before it counts as not ready. @defaultValue 2000 */
  timeoutMs?: number;
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function run(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.ready()), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz` and `/readyz` for `server.mount(...)`. */
export function healthRoutes(options: HealthOptions): Route[] {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return [
    {
      methods: ["GET", "HEAD"],
      path: "/healthz",
      handler: (_req, res) => reply(res, 200, { status: "ok" }),
    },
    {
      methods: ["GET", "HEAD"],
      path: "/readyz",
      handler: async (_req, res) => {
        const results = await Promise.all(options.checks.map((check) => run(check, timeoutMs)));
        const checks = Object.fromEntries(options.checks.map((check, i) => [check.name, results[i]]));
        const ready = results.every(Boolean);
        reply(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks });
      },
    },
  ];
}

/** The same routes for a receiver that takes Bolt's `customRoutes` shape. */
export function asCustomRoutes(routes: readonly Route[]): HealthRoute[] {
  return routes.map((route) => ({
    path: route.path,
    method: [...route.methods],
    handler: (req, res) => {
      void Promise.resolve(route.handler(req, res)).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    },
  }));
}
