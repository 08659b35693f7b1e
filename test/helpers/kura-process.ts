/**
 * A real kura process (`node src/main.ts <role>`) on a test stack: its JSON log lines are collected,
 * its HTTP port is read from its start-up line, and it is stopped before the stack removes its keys.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { KuraStack } from "./kura-stack.ts";
import { waitFor } from "./lifecycle.ts";

export interface KuraProcess {
  child: ChildProcess;
  /** Every JSON log line so far. */
  lines: Record<string, unknown>[];
  /** Everything written to standard error so far. */
  stderr(): string;
  /** Resolves with the port of the process's HTTP server once it listens. */
  port(): Promise<number>;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

export function startKuraProcess(
  stack: KuraStack,
  role: string,
  env: Record<string, string> = {},
): KuraProcess {
  const child = spawn(process.execPath, ["src/main.ts", role], {
    env: { ...process.env, ...stack.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString("utf8");
    process.stderr.write(chunk);
  });
  const lines: Record<string, unknown>[] = [];
  let rest = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = rest + chunk.toString("utf8");
    const parts = text.split("\n");
    rest = parts.pop() ?? "";
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // Not a log line.
      }
    }
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  stack.track({
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  });
  return {
    child,
    lines,
    stderr: () => errors,
    exited,
    port: () =>
      waitFor("the process to listen", async () => {
        const line = lines.find(
          (l) => typeof l.port === "number" && l.msg === "health and metrics on /healthz, /readyz, /metrics",
        );
        return line?.port as number | undefined;
      }),
  };
}
