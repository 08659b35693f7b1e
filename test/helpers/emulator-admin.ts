/** The emulator's admin API (`/_emulator/...`, docs/emulator.md) over HTTPS, trusting its CA. */
import { request } from "node:https";

export interface EmulatorAdmin {
  /** Any method on `/_emulator/<path>`; a status of 400 or more rejects with the emulator's answer. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body?: unknown): Promise<T>;
}

export function adminClient(baseUrl: string, caCertPem: string): EmulatorAdmin {
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        new URL(`/_emulator/${path.replace(/^\//, "")}`, baseUrl),
        { method, ca: caCertPem, headers: payload ? { "content-type": "application/json" } : {} },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () => {
            if ((res.statusCode ?? 500) >= 400)
              reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve((text ? JSON.parse(text) : undefined) as T);
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  return {
    request: (method, path, body) => call(method, path, body),
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body ?? {}),
    put: (path, body) => call("PUT", path, body ?? {}),
  };
}
