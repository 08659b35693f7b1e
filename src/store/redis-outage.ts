/**
 * Redis errors, reported through kura's logger once per outage. Without an `error` listener, ioredis
 * prints "Unhandled error event" and BullMQ `console.error`s every failed reconnect (hundreds of raw
 * stack traces per outage, and a wrong password's `AUTH` arguments with them). Every ioredis
 * connection and every BullMQ Queue, Worker and QueueEvents a process creates is handed to one
 * `RedisOutageLog`, which writes:
 *
 * - one warning when Redis goes away (`redis-unreachable`, with the address without credentials),
 * - one line when it is back (with how long it was away),
 * - one error when Redis refuses kura's credentials (`redis-auth-refused`; the password never appears),
 * - any other error once per distinct message per outage-free period, without the failed command's
 *   arguments.
 *
 * Nothing is lost meanwhile: BullMQ workers wait for Redis (their connections retry forever), jobs
 * stay in Redis, and the processors' own retries cover a command that failed mid-step.
 */
import type { EventEmitter } from "node:events";
import type { Logger } from "../log.ts";
import type { RedisClient } from "./redis-connection.ts";

type Kind = "outage" | "auth" | "other";

const OUTAGE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
]);
const OUTAGE_MESSAGES =
  /connection is closed|connect ETIMEDOUT|max retries per request|stream isn't writeable|socket closed|LOADING/i;
const AUTH_MESSAGES =
  /WRONGPASS|NOAUTH|invalid password|invalid username-password|AUTH.*(failed|without any password)/i;

/** What an error means for the operator: Redis is away, refuses kura's credentials, or something else. */
export function classifyRedisError(error: unknown): Kind {
  const { code, message } = errorFacts(error);
  if (AUTH_MESSAGES.test(message)) return "auth";
  if ((code !== undefined && OUTAGE_CODES.has(code)) || OUTAGE_MESSAGES.test(message)) return "outage";
  return "other";
}

/** Only what is safe to log: never ioredis' `command` (whose `args` hold an `AUTH` password). */
function errorFacts(error: unknown): { name: string; code: string | undefined; message: string } {
  if (!(error instanceof Error)) return { name: "Error", code: undefined, message: String(error) };
  const code = (error as Error & { code?: unknown }).code;
  return { name: error.name, code: typeof code === "string" ? code : undefined, message: error.message };
}

export interface RedisOutageLogOptions {
  log: Logger;
  /** Where Redis is, without credentials (`describeRedisUrl`). */
  target: string;
  /** @defaultValue Date.now */
  now?: () => number;
}

export class RedisOutageLog {
  readonly #log: Logger;
  readonly #target: string;
  readonly #now: () => number;
  /** Connections whose `ready` ends an outage, and whose status says whether one is still going on. */
  readonly #connections = new Set<RedisClient>();
  #downSince: number | undefined;
  #suppressed = 0;
  #authReported = false;
  readonly #otherSeen = new Set<string>();

  constructor(options: RedisOutageLogOptions) {
    this.#log = options.log.child({ component: "redis" });
    this.#target = options.target;
    this.#now = options.now ?? Date.now;
  }

  /** An ioredis connection: its errors, and its `ready` after an outage. Returns it. */
  connection<T extends RedisClient>(redis: T, name: string): T {
    this.#connections.add(redis);
    redis.on("error", (error: unknown) => this.report(error, name));
    redis.on("ready", () => this.#back());
    redis.on("end", () => this.#connections.delete(redis));
    return redis;
  }

  /** A BullMQ Queue, Worker, QueueEvents or FlowProducer (anything that emits `error`). Returns it. */
  watch<T extends Pick<EventEmitter, "on">>(emitter: T, name: string): T {
    emitter.on("error", (error: unknown) => this.report(error, name));
    return emitter;
  }

  /** Whether an outage is going on (a warning was written and no `ready` followed yet). */
  get down(): boolean {
    return this.#downSince !== undefined;
  }

  report(error: unknown, source: string): void {
    const kind = classifyRedisError(error);
    const { name, code, message } = errorFacts(error);
    if (kind === "auth") {
      if (this.#authReported) return;
      this.#authReported = true;
      this.#log.error(
        { code: "redis-auth-refused", redis: this.#target, source },
        "Redis refused kura's credentials: check the password in REDIS_URL (it is not shown here)",
      );
      return;
    }
    if (kind === "outage") {
      // A straggler (a BullMQ side connection still reconnecting) while the main ones are back.
      if (this.#downSince === undefined && this.#anyReady()) {
        this.#log.debug({ source, errorCode: code ?? name }, "a Redis connection is reconnecting");
        return;
      }
      if (this.#downSince !== undefined) {
        this.#suppressed += 1;
        return;
      }
      this.#downSince = this.#now();
      this.#suppressed = 0;
      this.#log.warn(
        { code: "redis-unreachable", redis: this.#target, source, errorCode: code ?? name, detail: message },
        "Redis is unreachable; kura keeps retrying and queued work waits in Redis (one line follows when it is back)",
      );
      return;
    }
    const key = `${source}:${message}`;
    if (this.#otherSeen.has(key)) return;
    this.#otherSeen.add(key);
    this.#log.warn({ code: "redis-error", source, errorCode: code ?? name, detail: message }, "Redis error");
  }

  #anyReady(): boolean {
    for (const redis of this.#connections) if (redis.status === "ready") return true;
    return false;
  }

  #back(): void {
    if (this.#downSince === undefined) return;
    const awayMs = this.#now() - this.#downSince;
    this.#log.info(
      { code: "redis-back", redis: this.#target, awayMs, retriesHidden: this.#suppressed },
      "Redis is back",
    );
    this.#downSince = undefined;
    this.#suppressed = 0;
    this.#authReported = false;
    this.#otherSeen.clear();
  }
}
