import type { Clock } from "../ports/clock.ts";
import type { LifecycleQueue } from "../ports/queues.ts";
import type { Actor, BackupRequest } from "../ports/requests.ts";
import type { RequestJournal } from "./journal.ts";
import { fail, ok, type Problem, type Result } from "./result.ts";

export interface ApprovalRules {
  /** Whether this actor may approve or reject backups (configured users / groups, per adapter). */
  isApprover(actor: Actor, request: BackupRequest): boolean | Promise<boolean>;
  allowSelfApproval: boolean;
}

export interface DecideDeps {
  journal: RequestJournal;
  queue: LifecycleQueue;
  clock: Clock;
  rules: ApprovalRules;
}

/** What a decision guard looks at: any request that waits for an approver. */
export interface Decidable {
  id: string;
  status: string;
  requester: Actor;
}

/**
 * Why `actor` may not make this decision now (not pending, not an approver, own request), or
 * undefined if they may. Shared by the decision itself and by adapters asking before they show
 * anything (the Reject reason modal), so both follow one rule. Expiry is left to the decision.
 */
export async function decisionProblem<R extends Decidable>(
  request: R,
  actor: Actor,
  approve: boolean,
  rules: { isApprover(actor: Actor, request: R): boolean | Promise<boolean>; allowSelfApproval: boolean },
): Promise<Problem | undefined> {
  if (request.status !== "pending") {
    return { code: "ALREADY_DECIDED", message: `Request ${request.id} is already ${request.status}.` };
  }
  if (!(await rules.isApprover(actor, request))) {
    return {
      code: "NOT_AN_APPROVER",
      message: "You are not allowed to approve or reject backups.",
      remedy: "Ask one of the configured approvers.",
    };
  }
  if (approve && !rules.allowSelfApproval && sameActor(actor, request.requester)) {
    return {
      code: "SELF_APPROVAL",
      message: "You cannot approve your own request.",
      remedy: "Ask another approver.",
    };
  }
  return undefined;
}

/**
 * Approves or rejects a pending request. The decision is a compare-and-set on the request's status,
 * so two approvers clicking at once yield exactly one decision and one job; the job carries only the
 * request id, so nothing but this exact request (VM, vault, retention) can run under the approval.
 */
export async function decideRequest(
  requestId: string,
  actor: Actor,
  decision: { approve: true } | { approve: false; reason?: string },
  deps: DecideDeps,
): Promise<Result<BackupRequest>> {
  const { journal, clock, rules } = deps;
  const request = await journal.requests.get(requestId);
  if (!request)
    return fail("REQUEST_NOT_FOUND", `No backup request ${requestId}.`, "Check the id with /backup history.");
  const problem = await decisionProblem(request, actor, decision.approve, rules);
  if (problem) return { ok: false, problem };
  const now = clock.now();
  if (now.getTime() >= Date.parse(request.expiresAt)) {
    await expire(request, deps);
    return fail(
      "REQUEST_EXPIRED",
      `Request ${requestId} expired at ${request.expiresAt}.`,
      "Request the backup again.",
    );
  }
  const at = now.toISOString();
  const reason = decision.approve ? undefined : decision.reason?.slice(0, 500);
  const decided = await journal.transition(
    request,
    ["pending"],
    {
      status: decision.approve ? "approved" : "rejected",
      decision: { by: actor, at, ...(reason ? { reason } : {}) },
      ...(decision.approve ? {} : { finishedAt: at }),
    },
    decision.approve
      ? { type: "approved", by: actor }
      : { type: "rejected", by: actor, ...(reason ? { reason } : {}) },
    {
      action: decision.approve ? "request.approved" : "request.rejected",
      actor: actor.id,
      detail: { reason },
    },
  );
  if (!decided) {
    const now = await journal.requests.get(requestId);
    return fail("ALREADY_DECIDED", `Request ${requestId} is already ${now?.status ?? "gone"}.`);
  }
  if (decision.approve) await deps.queue.enqueue(requestId);
  return ok(decided);
}

/** Marks one pending request expired (its approval buttons then disappear). */
export async function expire(
  request: BackupRequest,
  deps: Pick<DecideDeps, "journal" | "clock">,
): Promise<boolean> {
  const expired = await deps.journal.transition(
    request,
    ["pending"],
    { status: "expired", finishedAt: deps.clock.now().toISOString() },
    { type: "expired" },
    { action: "request.expired", actor: "kura" },
  );
  return expired !== undefined;
}

/** Expires every pending request past its time; run periodically by the maintenance worker. */
export async function expireOverdue(deps: Pick<DecideDeps, "journal" | "clock">): Promise<number> {
  let count = 0;
  for (const request of await deps.journal.requests.listExpired(deps.clock.now())) {
    if (await expire(request, deps)) count += 1;
  }
  return count;
}

function sameActor(a: Actor, b: Actor): boolean {
  return a.platform === b.platform && a.id === b.id;
}
