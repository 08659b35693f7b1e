import { CONFIG_KEYS } from "./keys.ts";
import { maskUrlCredentials } from "./load.ts";
import type { KuraConfig } from "./types.ts";

/** What a secret's value is replaced with in `describeConfig`. */
export const REDACTED = "***";

/**
 * A copy of `config` that is safe to log: every secret that is set becomes `"***"`, an unset one
 * `null` (so the log still shows which credentials are present), and a password in `redis.url` is masked.
 */
export function describeConfig(config: Readonly<KuraConfig>): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const key of CONFIG_KEYS) {
    if (key.secret) redact(copy, key.path.split("."));
  }
  const redis = copy.redis as { url: string };
  redis.url = maskUrlCredentials(redis.url);
  return copy;
}

function redact(node: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const child = node[head];
  if (rest.length > 0) {
    if (child !== null && typeof child === "object") redact(child as Record<string, unknown>, rest);
  } else {
    node[head] = child === undefined ? null : REDACTED;
  }
}
