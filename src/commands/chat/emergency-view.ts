/**
 * The emergency GC window request's card: the same `RequestView` shape as a backup's, so every chat
 * adapter renders it (and its Approve/Reject buttons) with the code it already has. Pure.
 */
import type { EmergencyRequest } from "../gc/ports.ts";
import { approvalFacts, factList, msg, time } from "./card-facts.ts";
import { actorName } from "./request-view.ts";
import type { Fact, RequestView } from "./types.ts";

/** `now` hides the buttons of a request past its approval time before the expiry sweep runs. */
export function emergencyView(request: EmergencyRequest, now: Date): RequestView {
  const pending = request.status === "pending";
  const expired = now.getTime() >= Date.parse(request.expiresAt);
  const notes: RequestView["notes"] = [];
  if (pending) notes.push({ level: "info", text: msg("note.emergencyWhat", { hours: request.hours }) });
  if (request.status === "approved" && request.closesAt) {
    notes.push({ level: "info", text: msg("note.emergencyOpen", { closesAt: request.closesAt }) });
  }
  return {
    requestId: request.id,
    version: request.version,
    status: request.status,
    title: msg(`title.emergency.${request.status}`, { vm: request.vmName }),
    facts: facts(request),
    notes,
    actions: pending && !expired ? ["approve", "reject"] : [],
  };
}

function facts(request: EmergencyRequest): Fact[] {
  const { out, add } = factList();
  approvalFacts(
    request,
    add,
    () => add("fact.windowLength", msg("value.hours", { hours: request.hours })),
    actorName,
  );
  if (request.opensAt) add("fact.windowOpens", time(request.opensAt));
  if (request.closesAt) add("fact.windowCloses", time(request.closesAt));
  return out;
}
