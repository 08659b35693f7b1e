/**
 * A scripted HTTP transport for the real SDK client: requests go through the SDK's whole pipeline
 * (serialisation, retry policy, our policies, deserialisation, RestError), only the socket is fake.
 * So errors seen by tests have exactly the shape the SDK throws (ref §4).
 */
import type { HttpClient } from "../../src/azure/client.ts";

type PipelineRequest = Parameters<HttpClient["sendRequest"]>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient["sendRequest"]>>;

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface SeenRequest {
  method: string;
  url: URL;
  body: unknown;
  authorization: string | undefined;
}

/** Minimal `HttpHeaders`: case-insensitive, iterable, JSON-able. */
function headersOf(init: Record<string, string>) {
  const map = new Map(Object.entries(init).map(([k, v]) => [k.toLowerCase(), { name: k, value: v }]));
  return {
    get: (name: string) => map.get(name.toLowerCase())?.value,
    has: (name: string) => map.has(name.toLowerCase()),
    set: (name: string, value: string | number | boolean) => {
      map.set(name.toLowerCase(), { name, value: String(value) });
    },
    delete: (name: string) => {
      map.delete(name.toLowerCase());
    },
    toJSON: () => Object.fromEntries([...map.values()].map((e) => [e.name, e.value])),
    *[Symbol.iterator](): IterableIterator<[string, string]> {
      for (const [k, e] of map) yield [k, e.value];
    },
  };
}

/** A transport answering each request with `route(request)`; records every request it sees. */
export function fakeHttp(route: (req: SeenRequest) => FakeReply): HttpClient & { seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  return {
    seen,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const body = typeof request.body === "string" ? JSON.parse(request.body) : undefined;
      const req: SeenRequest = {
        method: request.method,
        url: new URL(request.url),
        body,
        authorization: request.headers.get("authorization"),
      };
      seen.push(req);
      const reply = route(req);
      const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
      return {
        request,
        status: reply.status,
        headers: headersOf({
          ...(text ? { "content-type": "application/json" } : {}),
          ...(reply.headers ?? {}),
        }) as unknown as PipelineResponse["headers"],
        bodyAsText: text,
      };
    },
  };
}

/** An ARM error reply. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): FakeReply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}
