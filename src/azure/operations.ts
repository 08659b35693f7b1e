/**
 * Tracking Azure's asynchronous operations. In SDK 12 the item PUT and the backup trigger are plain
 * calls that the SDK does not poll (ref §0, §3): we read the `Azure-AsyncOperation` header through
 * `onResponse`, take the operation id (its last path segment, ref §2e) and poll the vault-level
 * operation status, as Azure CLI does, until it leaves `InProgress`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { KuraError } from "../commands/errors.ts";
import { azureError, classifyAzureCode } from "./azure-errors.ts";
import type { OperationPace } from "./operation-pace.ts";
import { clamp, type HeaderReader, retryAfterMs } from "./retry-after.ts";

/** Poll pacing. Real Azure answers `Retry-After: 60` even when done in a second, hence the bounds. */
export interface PollSettings {
  /** @defaultValue 500 */
  minIntervalMs?: number;
  /** @defaultValue 5000 */
  maxIntervalMs?: number;
  /** Give up (as `AZURE_UNAVAILABLE`) after this long. @defaultValue 300000 */
  timeoutMs?: number;
}

/**
 * The earliest first look that what operations of the kind took lately can ask for: operations that
 * end within a few hundred ms (the emulator's) are then looked at when done, not at the shortest
 * blind interval, and none is looked at in a tight loop.
 */
const LEARNT_FIRST_LOOK_FLOOR_MS = 100;

/** Consecutive throttled/unavailable status reads tolerated while tracking one operation. */
const MAX_TRANSIENT_READ_FAILURES = 3;

/** What an operation status poll returned, reduced to what we use. */
export interface OperationSnapshot {
  status: string | undefined;
  error: { code?: string | undefined; message?: string | undefined } | undefined;
  jobId: string | undefined;
  /** Retry-After on the status response, if any. */
  retryAfterMs: number | undefined;
  /** How long the operation took by Azure's clock (`endTime` − `startTime`), once it ended. */
  durationMs?: number | undefined;
}

/** The headers seen on a 202, captured through the SDK's `onResponse` option. */
export interface Accepted {
  status: number;
  operationId: string | undefined;
  retryAfterMs: number | undefined;
}

/** The operation id from `Azure-AsyncOperation` (or `Location`): the URL's last path segment. */
export function operationIdFrom(headers: HeaderReader): string | undefined {
  for (const name of ["azure-asyncoperation", "location"]) {
    const value = headers.get(name);
    if (!value) continue;
    const path = safePath(value);
    const last = path?.split("/").filter(Boolean).pop();
    if (last && /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/.test(last)) return last;
  }
  return undefined;
}

function safePath(url: string): string | undefined {
  try {
    return new URL(url, "https://placeholder.invalid").pathname;
  } catch {
    return undefined;
  }
}

/** Captures status and async-operation headers of a response (pass as `onResponse`). */
export function acceptedRecorder(): {
  onResponse: (r: { status: number; headers: HeaderReader }) => void;
  get(): Accepted;
} {
  let seen: Accepted = { status: 0, operationId: undefined, retryAfterMs: undefined };
  return {
    onResponse(r) {
      seen = {
        status: r.status,
        operationId: operationIdFrom(r.headers),
        retryAfterMs: retryAfterMs(r.headers),
      };
    },
    get: () => seen,
  };
}

/**
 * Polls `read` until the operation leaves `InProgress`; returns the final snapshot if it
 * succeeded, throws the mapped `KuraError` if it failed or was cancelled. With `pace`, the first
 * read comes when recent operations of the same kind (`what`) were done (operation-pace.ts), rather
 * than at Azure's `Retry-After`. When none finished yet, one operation scouts from the floor up and
 * the others look when it has learnt, or after the shortest interval; each finished operation's
 * duration is added to the pace.
 */
export async function waitForOperation(
  read: () => Promise<OperationSnapshot>,
  firstDelayMs: number | undefined,
  what: string,
  settings: PollSettings = {},
  signal?: AbortSignal,
  pace?: OperationPace,
): Promise<OperationSnapshot> {
  const min = settings.minIntervalMs ?? 500;
  const max = settings.maxIntervalMs ?? 5000;
  const accepted = Date.now();
  const deadline = accepted + (settings.timeoutMs ?? 300_000);
  const floor = Math.min(min, LEARNT_FIRST_LOOK_FLOOR_MS);
  const learnt = pace?.typicalMs(what);
  const scouting = learnt === undefined && pace?.scout(what) === true;
  let delay: number;
  let transientFailures = 0;
  try {
    // The first look. A learnt one may come before the shortest interval: it is timed on evidence,
    // not blind; so may the scout's, which the evidence comes from (operation-pace.ts). The others of
    // an unknown kind wait for the scout, at most the shortest interval; without a pace, Retry-After.
    if (learnt !== undefined) {
      delay = clamp(learnt, floor, max);
      await pause(delay, signal);
    } else if (scouting) {
      delay = floor;
      await pause(delay, signal);
    } else if (pace) {
      delay = min;
      await pauseUntilLearnt(pace, what, accepted, delay, floor, signal);
    } else {
      delay = clamp(firstDelayMs ?? min, min, max);
      await pause(delay, signal);
    }
    for (;;) {
      let snap: OperationSnapshot;
      try {
        snap = await read();
        transientFailures = 0;
      } catch (err) {
        // The write was accepted; a throttled or failed *status read* must not make the caller replay it.
        const transient =
          err instanceof KuraError && (err.code === "AZURE_THROTTLED" || err.code === "AZURE_UNAVAILABLE");
        if (!transient || ++transientFailures > MAX_TRANSIENT_READ_FAILURES || Date.now() > deadline)
          throw err;
        delay = Math.min(Math.max(err.retryAfterMs ?? delay, min), 60_000);
        await pause(delay, signal);
        continue;
      }
      if (snap.status !== "InProgress" && snap.status !== undefined) {
        if (snap.durationMs !== undefined) pace?.record(what, snap.durationMs);
        return settle(snap, what);
      }
      if (Date.now() + delay > deadline) {
        throw azureError(
          "AZURE_UNAVAILABLE",
          `Azure is still working on the ${what} operation; gave up waiting.`,
          {
            remedy: "Check the item in Azure later; kura will reconcile when the operation ends.",
          },
        );
      }
      // The scout looks every floor interval up to the shortest one, Retry-After (60 s) or not: the
      // others wait at most that shortest interval for what it learns.
      const scouted = Date.now() - accepted;
      delay = scouting && scouted + floor < min ? floor : clamp(snap.retryAfterMs ?? delay * 2, min, max);
      await pause(delay, signal);
    }
  } finally {
    if (scouting) pace?.endScout(what);
  }
}

/**
 * The first pause of an operation while nothing is known of its kind: the shortest interval, unless
 * the scout (or any other operation of the kind) finishes first; then the look comes when this one,
 * accepted at `accepted`, should be done by what that one took.
 */
async function pauseUntilLearnt(
  pace: OperationPace,
  what: string,
  accepted: number,
  delayMs: number,
  floorMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const typical = await pace.learnt(what, delayMs, signal);
  if (signal?.aborted) throw new KuraError("ABORTED", "The Azure call was cancelled.");
  if (typical === undefined) return;
  await pause(Math.max(0, accepted + Math.max(typical, floorMs) - Date.now()), signal);
}

/** Maps a finished operation: Succeeded passes, anything else becomes a `KuraError`. */
export function settle(snap: OperationSnapshot, what: string): OperationSnapshot {
  if (snap.status === "Succeeded") return snap;
  const code = snap.error?.code;
  const message = snap.error?.message ?? "";
  const kind =
    classifyAzureCode(code, message) ??
    (snap.status === "Canceled"
      ? "AZURE_CONFLICT"
      : /UserError/i.test(code ?? "")
        ? "AZURE_INVALID_INPUT"
        : "AZURE_UNAVAILABLE");
  const detail = [code, message].filter(Boolean).join(": ") || `status ${snap.status ?? "unknown"}`;
  return throwError(
    azureError(kind, `The ${what} operation did not succeed (${detail}).`, { azureCode: code }),
  );
}

function throwError(err: KuraError): never {
  throw err;
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch (err) {
    if (signal?.aborted) throw new KuraError("ABORTED", "The Azure call was cancelled.");
    throw err;
  }
}
