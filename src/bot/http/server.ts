/**
 * kura's one HTTP server per process. Every inbound adapter mounts its routes here instead of
 * listening itself: Slack's events (`http` mode), Teams' `POST /api/messages`, the local console,
 * and `/healthz`, `/readyz`, `/metrics` in every role. One port to configure, expose and probe.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  /** Upper-case HTTP methods this route answers. */
  methods: readonly string[];
  /** An exact path (`/api/messages`), or a prefix ending in `/` with `prefix: true` (`/console/`). */
  path: string;
  prefix?: boolean;
  handler: RouteHandler;
}

export interface HttpServer {
  /** The port it listens on (the configured one, or the free one picked for port 0). */
  readonly port: number;
  readonly host: string;
  /** Adds routes; the first mounted route that matches a request answers it. */
  mount(...routes: Route[]): void;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  port: number;
  /** @defaultValue "0.0.0.0" (all interfaces); the local console binds 127.0.0.1. */
  host?: string;
  /** Told about a handler that threw (it answers 500). */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

function matches(route: Route, method: string, path: string): boolean {
  if (!route.methods.includes(method)) return false;
  return route.prefix ? path.startsWith(route.path) : path === route.path;
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const routes: Route[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const method = (req.method ?? "GET").toUpperCase();
    const route = routes.find((r) => matches(r, method, path));
    if (!route) {
      const known = routes.some((r) => (r.prefix ? path.startsWith(r.path) : path === r.path));
      res.writeHead(known ? 405 : 404).end();
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res))
      .catch((error: unknown) => {
        options.onError?.(error, req);
        if (res.writableEnded) return;
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "internal error" }));
      });
  });
  const host = options.host ?? "0.0.0.0";
  server.listen(options.port, host);
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    host,
    mount: (...added) => {
      routes.push(...added);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
