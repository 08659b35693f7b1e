/**
 * kura's logger: pino, JSON lines, with secrets removed before anything is written. Any property
 * whose name looks secret (token, secret, password, authorization, api key, cookie, credential, …)
 * is replaced by `"***"` at any depth, and Slack tokens, HTTP credentials and URL passwords inside
 * strings are masked. Redaction happens on each finished line, so child bindings, serialized errors
 * and messages are all covered, whatever path they took through pino.
 */
import { type DestinationStream, type Logger, type LoggerOptions, pino, stdSerializers } from "pino";
import { currentTrace } from "./trace.ts";

export type { Logger } from "pino";

export interface CreateLoggerOptions {
  /** @defaultValue `"info"` */
  level?: string;
  /** Component name, written as `name` on every line (e.g. `kura-worker`). */
  name?: string;
  /** Where lines go. @defaultValue standard output */
  destination?: DestinationStream;
}

export const REDACTED = "***";

/** Property names whose values are never logged. Matches `token`, `botToken`, `api_key`, `x-api-key`, … */
const SECRET_NAME =
  /token|secret|passw(or)?d|passphrase|authorization|cookie|credential|connection_?string|signature|^key$|(api|access|private|shared|account|signing|encryption|client)[-_]?key/i;

/** Secrets recognisable by their value alone. */
const SECRET_VALUE = [
  /\bxox[a-z]-[A-Za-z0-9-]+/g, // Slack bot/user tokens
  /\bxapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, // HTTP credentials
  /(?<=\/\/)[^/@\s:]*:[^/@\s]*(?=@)/g, // user:password@ in URLs
];

/** Known homes of secrets, for pino's `redact` (fast-redact paths). */
export const PINO_REDACT_PATHS = [
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.botToken",
  "*.signingSecret",
  "*.appToken",
  "*.appPassword",
  "*.clientSecret",
];

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

function scrubString(value: string): string {
  return SECRET_VALUE.reduce((s, pattern) => s.replace(pattern, REDACTED), value);
}

/** A copy of `value` with secret-looking properties and token-shaped strings replaced by `"***"`. */
export function redactSecrets(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === "string") return scrubString(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, seen));
  if (value instanceof Error) return redactSecrets({ ...stdSerializers.err(value) }, seen);
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      isSecretName(key) && child !== undefined && child !== null ? REDACTED : redactSecrets(child, seen);
  }
  return out;
}

/** One finished JSON log line, redacted. A line that is not JSON is scrubbed as text. */
export function redactLine(line: string): string {
  try {
    return `${JSON.stringify(redactSecrets(JSON.parse(line)))}\n`;
  } catch {
    return scrubString(line);
  }
}

/** Wraps a destination so that every line is redacted on its way out. */
function redacting(target: DestinationStream): DestinationStream {
  const flushable = target as DestinationStream & { flush?: (cb?: (err?: Error) => void) => void };
  return Object.assign(
    { write: (line: string) => target.write(redactLine(line)) },
    typeof flushable.flush === "function" ? { flush: flushable.flush.bind(flushable) } : {},
  );
}

/** Creates a logger; use `logger.child({ ... })` for per-component or per-request bindings. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? "info",
    base: options.name === undefined ? {} : { name: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // pino's own redaction first, for the places secrets are known to travel (HTTP headers, config);
    // the line filter below catches whatever else looks secret.
    redact: { paths: PINO_REDACT_PATHS, censor: REDACTED },
    // Every line written while working for a request names it (src/trace.ts).
    mixin: () => {
      const trace = currentTrace();
      return trace ? { requestId: trace.requestId } : {};
    },
  };
  return pino(config, redacting(options.destination ?? pino.destination(1)));
}
