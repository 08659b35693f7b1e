import type { Clock } from "../ports/clock.ts";
import type { LifecycleQueue } from "../ports/queues.ts";
import type { Actor, BackupRequest } from "../ports/requests.ts";
import type { RequestJournal } from "./journal.ts";
import { fail, ok, type Result } from "./result.ts";

export interface CancelDeps {
  journal: RequestJournal;
  queue: LifecycleQueue;
  clock: Clock;
  /** The requester or an approver may cancel. */
  mayCancel(actor: Actor, request: BackupRequest): boolean | Promise<boolean>;
}

/**
 * Cancels a request. Before it runs, it simply ends; while it runs, the lifecycle is asked to cancel
 * (it cancels the Azure job where Azure allows and then restores the proper protection state).
 */
export async function cancelRequest(
  requestId: string,
  actor: Actor,
  deps: CancelDeps,
): Promise<Result<BackupRequest>> {
  const { journal, clock } = deps;
  const request = await journal.requests.get(requestId);
  if (!request)
    return fail("REQUEST_NOT_FOUND", `No backup request ${requestId}.`, "Check the id with /backup history.");
  if (!(await deps.mayCancel(actor, request))) {
    return fail("NOT_ALLOWED", "Only the requester or an approver can cancel this request.");
  }
  const at = clock.now().toISOString();
  const ended = await journal.transition(
    request,
    ["pending", "approved"],
    { status: "cancelled", cancelRequested: { by: actor, at }, finishedAt: at },
    { type: "cancelled", by: actor },
    { action: "request.cancelled", actor: actor.id },
  );
  if (ended) {
    await deps.queue.removeIfWaiting(requestId);
    return ok(ended);
  }
  const asked = await journal.transition(
    requestId,
    ["running"],
    { cancelRequested: { by: actor, at } },
    undefined,
    { action: "request.cancel-requested", actor: actor.id },
  );
  if (asked) {
    // Nobody runs it any more (the queue gave up, the job vanished): give it one run to carry the
    // cancel out, so a cancel is never accepted and then ignored. A live job sees the flag itself.
    const job = await deps.queue.jobState(requestId);
    if (job === "failed" || job === "missing") await deps.queue.revive(requestId);
    return ok(asked);
  }
  const now = await journal.requests.get(requestId);
  return fail("ALREADY_FINISHED", `Request ${requestId} is already ${now?.status ?? "gone"}.`);
}

/** kura itself, as the actor of what it decides on its own (an undeliverable card's cancel). */
export const KURA_ACTOR: Actor = { platform: "kura", id: "kura", name: "kura" };

/**
 * Ends a request whose card cannot be posted on its platform (the bot is not in the channel, the
 * channel is gone): cancelled with reason `undeliverable`, recorded in the audit trail with the
 * platform's own code. Idempotent: a request already ended is left alone. Answers the request (as
 * it is now), so the delivery pipeline can tell its requester why.
 */
export async function endUndeliverable(
  requestId: string,
  detail: { platform: string; platformCode?: string },
  deps: Pick<CancelDeps, "journal" | "queue" | "clock">,
): Promise<BackupRequest | undefined> {
  const at = deps.clock.now().toISOString();
  const ended = await deps.journal.transition(
    requestId,
    ["pending", "approved"],
    { status: "cancelled", cancelRequested: { by: KURA_ACTOR, at, reason: "undeliverable" }, finishedAt: at },
    { type: "cancelled", by: KURA_ACTOR, reason: "undeliverable" },
    {
      action: "request.cancelled",
      actor: KURA_ACTOR.id,
      detail: { reason: "undeliverable", platform: detail.platform, platformCode: detail.platformCode },
    },
  );
  if (ended) {
    await deps.queue.removeIfWaiting(requestId);
    return ended;
  }
  return deps.journal.requests.get(requestId);
}
