/**
 * The HTTPS front: reads the body, sends `/_emulator/*` to the admin API and everything else to the ARM
 * pipeline, and writes the reply. Keep-alive sockets are tracked so `close()` is immediate.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Socket } from "node:net";
import { handleAdmin } from "../admin/admin-handler.ts";
import type { ArmResult } from "../arm/context.ts";
import { handleArm } from "../arm/pipeline.ts";
import type { EmulatorCore } from "../emulator.ts";

const MAX_BODY = 1_048_576;

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(
  core: EmulatorCore,
  tls: { cert: string; key: string },
  host: string,
  port: number,
) {
  const sockets = new Set<Socket>();
  const server = createServer({ cert: tls.cert, key: tls.key, keepAlive: true }, (req, res) => {
    serve(core, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        write(res, { status: 500, body: { error: { code: "InternalServerError", message: String(err) } } });
      } else res.destroy();
    });
  });
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  } satisfies RunningServer;
}

async function serve(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    write(res, {
      status: 413,
      body: { error: { code: "RequestEntityTooLarge", message: "Body too large." } },
    });
    return;
  }
  const host = req.headers.host ?? "127.0.0.1";
  const url = new URL(req.url ?? "/", `https://${host}`);
  const method = req.method ?? "GET";
  if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
    write(res, handleAdmin(core, method, url, body));
    return;
  }
  const result = await handleArm(core, {
    method,
    url,
    headers: req.headers,
    body,
    origin: `https://${host}`,
  });
  write(res, result);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function write(res: ServerResponse, result: ArmResult): void {
  const headers: Record<string, string> = { ...result.headers };
  let payload: string | undefined;
  if (result.body !== undefined && result.status !== 204) {
    payload = JSON.stringify(result.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  } else {
    headers["Content-Length"] = "0";
  }
  if (result.reset) {
    // Headers and part of a body promised longer, then the connection drops: the client learns nothing.
    const partial = '{"error":';
    headers["Content-Length"] = String(Buffer.byteLength(payload ?? "") + 64);
    res.writeHead(result.status, headers);
    res.write(partial, () => res.socket?.destroy());
    return;
  }
  res.writeHead(result.status, headers);
  res.end(payload);
}
