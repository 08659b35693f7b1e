/**
 * Who may use the console, and how. Three cases (README, "The local console"):
 * - local mode: bound to 127.0.0.1 and interactive without sign-in; requests must name this host
 *   (a DNS-rebinding page cannot), and writes must be JSON from this origin (a cross-site form cannot).
 * - turned on in production without a token: read-only (no commands, no buttons).
 * - with `KURA_CONSOLE_TOKEN`: every API call carries it, as `Authorization: Bearer <token>` or the
 *   HttpOnly cookie the page gets by presenting it once (`POST /console/api/login`).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface ConsoleAccess {
  /** People may type commands and click buttons; false: read-only. */
  interactive: boolean;
  /** The shared secret every API call must present; absent: no sign-in (local mode only). */
  token?: string;
  /**
   * Host names the page may be reached by when there is no token (DNS rebinding guard).
   * @defaultValue localhost, 127.0.0.1, [::1]
   */
  hosts?: readonly string[];
}

export type Refusal = { status: number; error: string };

export const COOKIE = "kura_console";
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** Constant-time comparison of a presented token with the configured one. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length).trim();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

function hostName(host: string | undefined): string {
  if (!host) return "";
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : (host.split(":")[0] ?? "");
}

/** Whether a request may read (`write: false`) or act; a refusal says why, for the page. */
export function checkAccess(
  req: IncomingMessage,
  access: ConsoleAccess,
  write: boolean,
): Refusal | undefined {
  if (access.token !== undefined) {
    if (!tokenMatches(presentedToken(req), access.token)) return { status: 401, error: "token-required" };
  } else if (!(access.hosts ?? LOOPBACK).includes(hostName(req.headers.host).toLowerCase())) {
    return { status: 403, error: "host-not-allowed" };
  }
  if (!write) return undefined;
  if (!access.interactive) return { status: 403, error: "read-only" };
  if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
    return { status: 415, error: "json-only" };
  const origin = req.headers.origin;
  if (origin !== undefined && hostOf(origin) !== req.headers.host)
    return { status: 403, error: "cross-origin" };
  return undefined;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
