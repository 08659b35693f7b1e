/**
 * Bolt refuses a signed request older than five minutes but not one from the future: a correctly signed
 * request timestamped an hour ahead would be accepted (and replayable for that hour). This guard sits in
 * front of Bolt's receiver and allows the same five minutes either way; Bolt still checks the signature.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Slack's replay window, either way. */
export const MAX_SKEW_SECONDS = 300;

/** Why a request's `x-slack-request-timestamp` is too far ahead of now, or undefined if it is not. */
export function futureTimestampProblem(
  header: string | string[] | undefined,
  nowMs: number,
): string | undefined {
  const value = Number(Array.isArray(header) ? header[0] : header);
  if (!Number.isFinite(value)) return undefined; // absent or malformed: Bolt's own check refuses it
  const aheadSeconds = value - Math.floor(nowMs / 1000);
  return aheadSeconds > MAX_SKEW_SECONDS
    ? `x-slack-request-timestamp is ${aheadSeconds} s ahead of this server's clock (at most ${MAX_SKEW_SECONDS} allowed)`
    : undefined;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Wraps a request listener: requests from too far in the future get 401 before Bolt sees them. */
export function refuseFutureRequests(
  listener: Listener,
  onRefused: (reason: string) => void,
  now: () => number = Date.now,
): Listener {
  return (req, res) => {
    const problem = futureTimestampProblem(req.headers["x-slack-request-timestamp"], now());
    if (problem === undefined) {
      listener(req, res);
      return;
    }
    onRefused(problem);
    res.writeHead(401, { "content-type": "text/plain" });
    res.end("");
  };
}
