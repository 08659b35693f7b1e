/**
 * The emergency GC window request's card: the same `RequestView` shape as a backup's, so every chat
 * adapter renders it (and its Approve/Reject buttons) with the code it already has. Pure.
 */
import type { EmergencyRequest } from "../gc/ports.ts";
import { actorName } from "./request-view.ts";
import type { Fact, Message, RequestView } from "./types.ts";

const msg = (key: string, params?: Message["params"]): Message => (params ? { key, params } : { key });
const time = (at: string): Message => msg("value.time", { at });

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
  const out: Fact[] = [];
  const add = (key: string, value: string | Message | undefined) => {
    if (value !== undefined && value !== "") out.push({ label: msg(key), value });
  };
  add("fact.request", request.id);
  add("fact.vm", request.vmName);
  add("fact.vault", `${request.vault.name} (${request.vault.resourceGroup})`);
  add("fact.windowLength", msg("value.hours", { hours: request.hours }));
  add("fact.reason", request.reason);
  add("fact.requester", actorName(request.requester));
  if (request.status === "pending") add("fact.approvalExpires", time(request.expiresAt));
  if (request.decision) {
    add("fact.decidedBy", actorName(request.decision.by));
    add("fact.decidedAt", time(request.decision.at));
    if (request.status === "rejected") add("fact.rejectionReason", request.decision.reason);
  }
  if (request.opensAt) add("fact.windowOpens", time(request.opensAt));
  if (request.closesAt) add("fact.windowCloses", time(request.closesAt));
  return out;
}
