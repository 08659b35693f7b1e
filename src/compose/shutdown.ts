/**
 * How a kura process stops. The first SIGTERM or SIGINT stops taking work and lets each running step
 * reach its next checkpoint (the next worker resumes from there); when the grace is nearly over,
 * whatever still runs is aborted, and when it is over the process exits regardless. A second signal
 * exits at once. Nothing here waits without a bound.
 */
import type { Logger } from "../log.ts";

export interface ShutdownPlan {
  log: Logger;
  /** From `shutdown.graceSeconds`. */
  graceMs: number;
  /** Stops every part in order; the process exits 0 when it resolves within the grace. */
  stop(): Promise<void>;
  /** Aborts what still runs (called at 80 % of the grace). */
  abort(): void;
  /** @defaultValue process.exit */
  exit?: (code: number) => void;
}

const EXIT_CODE: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
/** Signals closer together than this count as one (see below). */
const REPEAT_WINDOW_MS = 1_000;

/** Installs the signal handlers; returns the function they call (for tests and the start-up path). */
export function installShutdown(plan: ShutdownPlan): (signal: string) => void {
  const exit = plan.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  let firstAt = 0;
  const shutdown = (signal: string) => {
    // One Ctrl-C under `npm start` arrives more than once (from the terminal to the whole process
    // group, and forwarded by npm and the launcher): a repeat within a second is the same press.
    if (stopping && Date.now() - firstAt < REPEAT_WINDOW_MS) return;
    if (stopping) {
      plan.log.warn({ signal }, "second signal: exiting now");
      exit(EXIT_CODE[signal] ?? 1);
      return;
    }
    stopping = true;
    firstAt = Date.now();
    const began = firstAt;
    plan.log.info(
      { signal, graceMs: plan.graceMs },
      "stopping: no new work; running steps end at their next checkpoint (signal again to exit now)",
    );
    const abortTimer = setTimeout(
      () => {
        plan.log.warn({ graceMs: plan.graceMs }, "grace nearly over: aborting what still runs");
        plan.abort();
      },
      Math.floor(plan.graceMs * 0.8),
    );
    const exitTimer = setTimeout(() => {
      plan.log.error(
        { graceMs: plan.graceMs },
        "grace over: exiting; unfinished work resumes on another worker",
      );
      exit(1);
    }, plan.graceMs);
    plan
      .stop()
      .then(
        () => {
          plan.log.info({ durationMs: Date.now() - began }, "stopped");
          exit(0);
        },
        (error: unknown) => {
          plan.log.error({ err: error }, "stopping failed");
          exit(1);
        },
      )
      .finally(() => {
        clearTimeout(abortTimer);
        clearTimeout(exitTimer);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  return shutdown;
}
