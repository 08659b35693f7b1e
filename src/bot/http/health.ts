/**
 * Health endpoints for whatever HTTP server the bot runs (Bolt's `customRoutes` take exactly this
 * shape): `/healthz` says the process is up, `/readyz` that it can do work (its Redis answers), so
 * an orchestrator restarts a hung process but only routes Slack to one that is ready.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface HealthOptions {
  /** Resolves true when the process can serve requests; a throw counts as not ready. */
  ready: () => Promise<boolean>;
  /** Longest a readiness probe may take before it counts as not ready. @defaultValue 2000 */
  timeoutMs?: number;
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function healthRoutes(options: HealthOptions): HealthRoute[] {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return [
    { path: "/healthz", method: ["GET"], handler: (_req, res) => reply(res, 200, { status: "ok" }) },
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req, res) => {
        const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
        Promise.race([options.ready(), timeout])
          .catch(() => false)
          .then((ready) => reply(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" }));
      },
    },
  ];
}
