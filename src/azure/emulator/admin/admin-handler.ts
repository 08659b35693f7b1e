/**
 * The control API under `/_emulator/` (a path ARM never uses). JSON in and out, no auth, not throttled.
 * Documented endpoint by endpoint in docs/emulator.md.
 */

import type { ArmResult } from "../arm/context.ts";
import { BehaviourError } from "../behaviour.ts";
import { computeView, setPowerState } from "../compute/admin.ts";
import { iso } from "../core/time.ts";
import type { EmulatorCore, SeedOption } from "../emulator.ts";
import { AFTER_WRITE_FAULTS, type FaultSettings } from "../http/faults.ts";
import { SeedError } from "../seed/schema.ts";
import { stateView } from "./state-view.ts";

class AdminError extends Error {}

export function handleAdmin(core: EmulatorCore, method: string, url: URL, rawBody: string): ArmResult {
  try {
    const route = `${method} ${url.pathname.replace(/\/+$/, "")}`;
    const body = parse(rawBody);
    const sim = core.sim();
    sim.sync();
    switch (route) {
      case "GET /_emulator/clock":
        return ok(clockView(core));
      case "POST /_emulator/clock":
        updateClock(core, body);
        return ok(clockView(core));
      case "POST /_emulator/reset":
        core.reset(body.seed as SeedOption | undefined);
        return ok({ reset: true, ...clockView(core) });
      case "GET /_emulator/state":
        return ok(stateView(sim, url.searchParams));
      case "GET /_emulator/faults":
        return ok(faultsView(core));
      case "POST /_emulator/faults":
        updateFaults(core, body);
        return ok(faultsView(core));
      case "GET /_emulator/behaviour":
        return ok(core.behaviour);
      case "PUT /_emulator/behaviour":
        return ok(core.setBehaviour(body));
      case "GET /_emulator/stats":
        return ok(core.stats.snapshot());
      case "GET /_emulator/requests":
        return ok(core.stats.requests());
      case "GET /_emulator/compute":
        return ok(computeView(sim));
      case "POST /_emulator/compute/power":
        return ok(setPowerState(sim, body));
      case "POST /_emulator/stats/reset":
        core.stats.reset();
        return ok(core.stats.snapshot());
      default:
        return {
          status: 404,
          body: { error: { code: "NotFound", message: `No admin endpoint '${route}'.` } },
        };
    }
  } catch (err) {
    if (
      err instanceof AdminError ||
      err instanceof BehaviourError ||
      err instanceof SeedError ||
      err instanceof RangeError
    ) {
      return { status: 400, body: { error: { code: "BadRequest", message: err.message } } };
    }
    throw err;
  }
}

function ok(body: unknown): ArmResult {
  return { status: 200, body };
}

function parse(raw: string): Record<string, unknown> {
  if (raw.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new AdminError("body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new AdminError("body must be an object");
  return value as Record<string, unknown>;
}

function clockView(core: EmulatorCore): object {
  const sim = core.sim();
  const next = sim.queue.peekAt();
  return {
    now: iso(sim.now()),
    speed: sim.clock.speed,
    pendingEvents: sim.queue.size,
    nextEventAt: next === undefined ? null : iso(next),
  };
}

function updateClock(core: EmulatorCore, body: Record<string, unknown>): void {
  const sim = core.sim();
  const { advanceMs, set, speed } = body;
  if (advanceMs !== undefined) {
    if (typeof advanceMs !== "number" || advanceMs < 0)
      throw new AdminError("advanceMs must be a non-negative number");
    sim.clock.advance(advanceMs);
  }
  if (set !== undefined) {
    const at = typeof set === "string" ? Date.parse(set) : Number.NaN;
    if (Number.isNaN(at)) throw new AdminError("set must be an ISO date-time");
    sim.clock.set(at);
  }
  if (speed !== undefined) {
    if (typeof speed !== "number" || speed < 0) throw new AdminError("speed must be a non-negative number");
    sim.clock.setSpeed(speed);
  }
  sim.sync();
}

function faultsView(core: EmulatorCore): object {
  return {
    ...core.faults.settings,
    failNextBackup: Object.fromEntries(core.sim().armedFailures),
    holdResponse: Object.fromEntries(core.faults.holdResponses),
    afterWrite: core.faults.armedAfterWrite,
  };
}

function updateFaults(core: EmulatorCore, body: Record<string, unknown>): void {
  const patch: Partial<FaultSettings> = {};
  const rates = ["rate429", "rate5xx", "rate503", "rateAfterWrite"] as const;
  for (const key of [...rates, "retryAfterSeconds", "latencyMs", "seed"] as const) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || v < 0) throw new AdminError(`${key} must be a non-negative number`);
    if ((rates as readonly string[]).includes(key) && v > 1)
      throw new AdminError(`${key} must be between 0 and 1`);
    patch[key] = v;
  }
  const armed = body.afterWrite as { operation?: unknown; fault?: unknown; times?: unknown } | undefined;
  if (armed !== undefined) {
    const fault = AFTER_WRITE_FAULTS.find((f) => f === armed?.fault);
    const times = armed?.times ?? 1;
    const operation = armed?.operation;
    if (
      !fault ||
      typeof times !== "number" ||
      times < 1 ||
      (operation !== undefined && typeof operation !== "string")
    ) {
      throw new AdminError(
        `afterWrite must be { fault: ${AFTER_WRITE_FAULTS.map((f) => `"${f}"`).join(" | ")}, operation?: <ARM operation name>, times?: <n ≥ 1> }`,
      );
    }
    core.faults.armedAfterWrite.push({ fault, times, ...(operation ? { operation } : {}) });
  }
  if (Object.keys(patch).length > 0) core.faults.configure(patch);
  const hold = body.holdResponse as { operation?: unknown; ms?: unknown } | undefined;
  if (hold !== undefined) {
    if (typeof hold?.operation !== "string" || typeof hold.ms !== "number" || hold.ms < 0) {
      throw new AdminError(
        "holdResponse must be { operation: <ARM operation name>, ms: <non-negative number> }",
      );
    }
    if (hold.ms === 0) core.faults.holdResponses.delete(hold.operation);
    else core.faults.holdResponses.set(hold.operation, hold.ms);
  }
  const fail = body.failNextBackup;
  if (fail !== undefined) {
    const f = fail as { vmName?: unknown; code?: unknown };
    if (typeof f?.vmName !== "string") throw new AdminError("failNextBackup.vmName must be a string");
    const code = typeof f.code === "string" && f.code !== "" ? f.code : "BackUpOperationFailed";
    core.sim().armedFailures.set(f.vmName.toLowerCase(), code);
  }
}
