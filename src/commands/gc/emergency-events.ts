import type { AuditLog } from "../ports/audit.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventSink } from "../ports/events.ts";
import type { Actor } from "../ports/requests.ts";
import type { EmergencyWindowStatus } from "./events.ts";
import type { EmergencyRequest } from "./ports.ts";

/** Publishes the request's state as an `emergency-window` event (id per version and status) and audits it. */
export async function publishEmergency(
  request: EmergencyRequest,
  status: EmergencyWindowStatus,
  deps: { events: EventSink; audit: AuditLog; clock: Clock },
  extra: { by?: Actor; problem?: string } = {},
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await deps.audit.append({
    at,
    action: `emergency.${status}`,
    actor: extra.by?.id ?? (status === "requested" ? request.requester.id : "kura"),
    correlationId: request.id,
    vmName: request.vmName,
    detail: { hours: request.hours, closesAt: request.closesAt, problem: extra.problem },
  });
  await deps.events.emit({
    id: `emergency-${request.id}:${request.version}:${status}`,
    at,
    type: "emergency-window",
    requestId: request.id,
    version: request.version,
    status,
    vmName: request.vmName,
    hours: request.hours,
    requester: request.requester,
    conversation: request.conversation,
    ...(extra.by ? { by: extra.by } : {}),
    ...(request.opensAt ? { opensAt: request.opensAt } : {}),
    ...(request.closesAt ? { closesAt: request.closesAt } : {}),
    ...(extra.problem ? { problem: extra.problem } : {}),
  });
}
