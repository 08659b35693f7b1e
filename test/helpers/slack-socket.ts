/**
 * A local stand-in for Slack's Socket Mode WebSocket: the URL `apps.connections.open` hands out
 * (the Web API stand-in answers with it). It greets each connection with `hello` as Slack does,
 * pings so the client's server-ping watchdog stays quiet, sends envelopes
 * (`{envelope_id, type, accepts_response_payload, payload}`) and records the acks kura sends back
 * over the socket (`{envelope_id, payload}`).
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { type Cleanups, waitFor } from "./slack-api-stub.ts";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SlackSocketStub {
  /** `ws://127.0.0.1:<port>/link` — what `apps.connections.open` answers. */
  url: string;
  /** Every connection kura opened, oldest first. */
  connections: number;
  acks: SocketAck[];
  /** Sends one envelope to the newest open connection and resolves with kura's ack of it. */
  send(type: EnvelopeType, payload: object): Promise<SocketAck>;
}

let envelopes = 0;

export async function startSlackSocketStub(t: Cleanups): Promise<SlackSocketStub> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(server, "listening");
  const open: WebSocket[] = [];
  const acks: SocketAck[] = [];
  const stub: SlackSocketStub = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`,
    connections: 0,
    acks,
    async send(type, payload) {
      const socket = await waitFor("a Socket Mode connection", () => open.at(-1), 10_000);
      const envelopeId = `env-${++envelopes}`;
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, accepts_response_payload: true, payload }));
      return waitFor(`the ack of ${envelopeId}`, () => acks.find((a) => a.envelope_id === envelopeId));
    },
  };
  server.on("connection", (socket) => {
    stub.connections += 1;
    open.push(socket);
    socket.on("close", () => open.splice(open.indexOf(socket), 1));
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as Partial<SocketAck>;
      if (typeof message.envelope_id === "string") acks.push(message as SocketAck);
    });
    const ping = setInterval(() => socket.ping(), 5_000).unref();
    socket.on("close", () => clearInterval(ping));
    socket.ping();
    socket.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        connection_info: { app_id: "A0KURA" },
        debug_info: { host: "kura-test-socket", approximate_connection_time: 18060 },
      }),
    );
  });
  t.after(async () => {
    for (const socket of open) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
  return stub;
}
