/**
 * The facts every approval card starts with, whatever it asks for (a backup, disk snapshots, an
 * emergency GC window): who asked for what on which VM, and who decided when. Each card adds its own
 * facts in the middle and after.
 */
import type { VaultRef } from "../ports/backup-gateway.ts";
import type { Actor } from "../ports/requests.ts";
import type { Fact, Message } from "./types.ts";

export type AddFact = (key: string, value: string | Message | undefined) => void;

export const msg = (key: string, params?: Message["params"]): Message => (params ? { key, params } : { key });
export const time = (at: string): Message => msg("value.time", { at });

/** A fact list and the one way to add to it (blank values are left out). */
export function factList(): { out: Fact[]; add: AddFact } {
  const out: Fact[] = [];
  const add: AddFact = (key, value) => {
    if (value !== undefined && value !== "") out.push({ label: msg(key), value });
  };
  return { out, add };
}

export interface ApprovalCardRequest {
  id: string;
  vmName: string;
  vault: VaultRef;
  reason?: string;
  requester: Actor;
  status: string;
  expiresAt: string;
  decision?: { by: Actor; at: string; reason?: string };
}

/** Request, VM, vault, then `kindFacts`, then reason, requester, approval deadline and decision. */
export function approvalFacts(
  request: ApprovalCardRequest,
  add: AddFact,
  kindFacts: () => void,
  nameOf: (actor: Actor) => string,
): void {
  add("fact.request", request.id);
  add("fact.vm", request.vmName);
  add("fact.vault", `${request.vault.name} (${request.vault.resourceGroup})`);
  kindFacts();
  add("fact.reason", request.reason);
  add("fact.requester", nameOf(request.requester));
  if (request.status === "pending") add("fact.approvalExpires", time(request.expiresAt));
  if (request.decision) {
    add("fact.decidedBy", nameOf(request.decision.by));
    add("fact.decidedAt", time(request.decision.at));
    if (request.status === "rejected") add("fact.rejectionReason", request.decision.reason);
  }
}
