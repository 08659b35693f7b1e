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
    requestId,
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
