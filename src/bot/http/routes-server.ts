/**
 * A plain HTTP server for the health routes when no Slack receiver serves them: in Socket Mode
 * Bolt's own side server listens on a port it never reports (so port 0, and with it a test or a
 * second instance, could not find it); this one says where it listens.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthRoute } from "./health.ts";

export interface RoutesServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `routes` (exact path, listed methods) on `port` (0: a free one); anything else is 404. */
export async function serveRoutes(routes: readonly HealthRoute[], port: number): Promise<RoutesServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const method = (req.method ?? "GET").toUpperCase();
    const route = routes.find((r) => r.path === path && r.method.includes(method));
    if (route) route.handler(req, res);
    else res.writeHead(404).end();
  });
  server.listen(port);
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
