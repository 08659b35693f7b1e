/**
 * The emergency GC window (`/backup gc open <vm> [48h]`): when a VM's restore point collection is
 * full or about to be, an operator asks for protection to be on for 24–72 h so Azure's GC runs now
 * rather than at the weekend. Like a backup it needs an approver; chat adapters call
 * {@link openEmergencyWindow} for the command and {@link decideEmergencyWindow} for the buttons, and
 * render the `emergency-window` events (status requested → approved → opened → closed).
 *
 * Approval stores the window (ProtectionIntent reads it, so the reconciler keeps it right too) and
 * asks the worker to resume protection now and to converge again at `closesAt`, when it stops.
 */
import type { AuditLog } from "../ports/audit.ts";
import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventSink } from "../ports/events.ts";
import type { Actor, Conversation } from "../ports/requests.ts";
import { decisionProblem } from "../requests/decide-request.ts";
import { findManagedVm, pendingFields, wholeNumberIn } from "../requests/pending-request.ts";
import { fail, ok, type Result } from "../requests/result.ts";
import { publishEmergency } from "./emergency-events.ts";
import type { EmergencyRequest, EmergencyStore, MaintenanceJobs } from "./ports.ts";

export const MIN_EMERGENCY_HOURS = 24;
export const MAX_EMERGENCY_HOURS = 72;
export const DEFAULT_EMERGENCY_HOURS = 48;

export interface EmergencyDeps {
  gateway: BackupGateway;
  store: EmergencyStore;
  events: EventSink;
  audit: AuditLog;
  clock: Clock;
  jobs: MaintenanceJobs;
  newId: () => string;
  settings: { requestTtlMs: number; isManaged?: (vmName: string) => boolean };
}

export interface EmergencyWindowInput {
  vm: string;
  /** 24–72; @defaultValue 48 (GC runs within 24 h of protection resuming; 48 h is the margin). */
  hours?: number;
  reason?: string;
  requester: Actor;
  conversation: Conversation;
}

/** Asks for an emergency window; nothing changes in Azure until an approver approves it. */
export async function openEmergencyWindow(
  input: EmergencyWindowInput,
  deps: EmergencyDeps,
): Promise<Result<EmergencyRequest>> {
  const window = wholeNumberIn(
    input.hours ?? DEFAULT_EMERGENCY_HOURS,
    { min: MIN_EMERGENCY_HOURS, max: MAX_EMERGENCY_HOURS },
    {
      code: "INVALID_WINDOW_HOURS",
      message: `An emergency window lasts ${MIN_EMERGENCY_HOURS} to ${MAX_EMERGENCY_HOURS} whole hours (got ${String(input.hours)}).`,
      remedy:
        "GC runs within 24 h of protection resuming; 48 h leaves a margin. For example: /backup gc open web-01 48h",
    },
  );
  if (!window.ok) return window;
  const found = await findManagedVm(input.vm, { gateway: deps.gateway, ...deps.settings });
  if (!found.ok) return found;
  const request: EmergencyRequest = {
    ...pendingFields(input, found.value, {
      id: deps.newId(),
      now: deps.clock.now(),
      ttlMs: deps.settings.requestTtlMs,
    }),
    hours: window.value,
  };
  await deps.store.create(request);
  await publishEmergency(request, "requested", deps);
  return ok(request);
}

export interface EmergencyApprovalRules {
  isApprover(actor: Actor, request: EmergencyRequest): boolean | Promise<boolean>;
  allowSelfApproval: boolean;
}

/**
 * Approves or rejects a pending emergency window (compare-and-set: two approvers at once make one
 * decision). On approval the window starts now and lasts the requested hours.
 */
export async function decideEmergencyWindow(
  requestId: string,
  actor: Actor,
  decision: { approve: true } | { approve: false; reason?: string },
  deps: EmergencyDeps & { rules: EmergencyApprovalRules },
): Promise<Result<EmergencyRequest>> {
  const request = await deps.store.get(requestId);
  if (!request) return fail("REQUEST_NOT_FOUND", `No emergency window request ${requestId}.`);
  const problem = await decisionProblem(request, actor, decision.approve, deps.rules);
  if (problem) return { ok: false, problem };
  const now = deps.clock.now();
  if (now.getTime() >= Date.parse(request.expiresAt)) {
    await expireEmergency(request, deps);
    return fail("REQUEST_EXPIRED", `Request ${requestId} expired at ${request.expiresAt}.`, "Ask again.");
  }
  const at = now.toISOString();
  const reason = decision.approve ? undefined : decision.reason?.slice(0, 500);
  const patch = decision.approve
    ? {
        status: "approved" as const,
        decision: { by: actor, at },
        opensAt: at,
        closesAt: new Date(now.getTime() + request.hours * 3_600_000).toISOString(),
      }
    : { status: "rejected" as const, decision: { by: actor, at, ...(reason ? { reason } : {}) } };
  const decided = await deps.store.transition(requestId, ["pending"], patch);
  if (!decided) {
    const current = await deps.store.get(requestId);
    return fail(
      "ALREADY_DECIDED",
      `Emergency window request ${requestId} is already ${current?.status ?? "gone"}.`,
    );
  }
  await publishEmergency(decided, decision.approve ? "approved" : "rejected", deps, { by: actor });
  if (decided.status === "approved" && decided.closesAt) {
    await deps.jobs.scheduleEmergencyWindow(decided.id, new Date(decided.closesAt));
  }
  return ok(decided);
}

async function expireEmergency(request: EmergencyRequest, deps: EmergencyDeps): Promise<boolean> {
  const expired = await deps.store.transition(request.id, ["pending"], { status: "expired" });
  if (expired) await publishEmergency(expired, "expired", deps);
  return expired !== undefined;
}

/** Expires every pending emergency request past its time (run with the request expiry job). */
export async function expireEmergencyRequests(deps: EmergencyDeps): Promise<number> {
  let count = 0;
  for (const request of await deps.store.listExpired(deps.clock.now())) {
    if (await expireEmergency(request, deps)) count += 1;
  }
  return count;
}
