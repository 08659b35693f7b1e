/**
 * The page itself: hand-written HTML, one small script and one stylesheet from `static/`, read once
 * at start-up. No framework, no bundler, nothing fetched from elsewhere (a strict CSP says so).
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

const FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/console/static/console.js": { file: "console.js", type: "text/javascript; charset=utf-8" },
  "/console/static/console.css": { file: "console.css", type: "text/css; charset=utf-8" },
};

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export const STATIC_PATHS = Object.keys(FILES);

export function staticFiles(): (req: IncomingMessage, res: ServerResponse) => void {
  const dir = new URL("./static/", import.meta.url);
  const bodies = new Map(
    Object.entries(FILES).map(([path, { file, type }]) => [
      path,
      { body: readFileSync(new URL(file, dir)), type },
    ]),
  );
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const found = bodies.get(path);
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": found.type, "cache-control": "no-cache", ...SECURITY_HEADERS });
    res.end(req.method === "HEAD" ? undefined : found.body);
  };
}
