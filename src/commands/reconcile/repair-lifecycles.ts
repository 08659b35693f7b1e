import { abandonedFailure, type SettleDeps, settleAbandoned } from "../lifecycle/settle.ts";
import type { LifecycleQueue } from "../ports/queues.ts";

export interface LifecycleRepairDeps extends SettleDeps {
  queue: LifecycleQueue;
}

export interface LifecycleRepairReport {
  /** Approved requests that had no job (a crash between approval and enqueue): enqueued now. */
  requeued: string[];
  /** Requests whose job the queue gave up on or lost: settled now. */
  settled: string[];
}

/**
 * The backstop for work the queue no longer carries: every approved or running request must have a
 * live job. An approved request without one is enqueued (its job id is its request id, so a race with
 * the approver's own enqueue is harmless); a request whose job failed for good or vanished is settled
 * (protection, lease, request, requester), which also frees a lease no live job holds.
 */
export async function repairLifecycles(deps: LifecycleRepairDeps): Promise<LifecycleRepairReport> {
  const report: LifecycleRepairReport = { requeued: [], settled: [] };
  for (const request of await deps.journal.requests.listActive()) {
    const state = await deps.queue.jobState(request.id);
    if (state === "live") continue;
    if (state === "missing" && request.status === "approved") {
      await deps.queue.enqueue(request.id);
      report.requeued.push(request.id);
      continue;
    }
    // Re-read: the job may have finished the request between the listing and the state read.
    const cause = state === "failed" ? "given-up" : "job-lost";
    if (await settleAbandoned(request.id, abandonedFailure(cause), deps)) report.settled.push(request.id);
  }
  return report;
}
