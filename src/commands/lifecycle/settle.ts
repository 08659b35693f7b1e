import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { VmLocks } from "../ports/coordination.ts";
import { type BackupRequest, type Failure, TERMINAL_STATUSES } from "../ports/requests.ts";
import type { RequestJournal } from "../requests/journal.ts";
import { vmKeyOf } from "./checkpoint.ts";
import type { ProtectionIntent } from "./protection-intent.ts";

export interface SettleDeps {
  gateway: BackupGateway;
  journal: RequestJournal;
  locks: VmLocks;
  intent: ProtectionIntent;
  clock: Clock;
}

/** Why nobody runs a request's lifecycle any more, as the requester reads it. */
export type AbandonCause = "given-up" | "stalled" | "job-lost";

const MESSAGES: Record<AbandonCause, string> = {
  "given-up": "kura gave up on this backup after repeated errors",
  stalled: "the workers running this backup stopped too many times",
  "job-lost": "the job running this backup disappeared",
};

export function abandonedFailure(cause: AbandonCause, detail?: string): Failure {
  return {
    code: "LIFECYCLE_ABANDONED",
    message: `${MESSAGES[cause]}${detail ? ` (${detail})` : ""}; protection was set back to what it should be.`,
    remedy: "Check the worker logs, then request the backup again.",
    params: { cause },
  };
}

/**
 * Ends a request whose lifecycle nobody will run any more (BullMQ gave up on its job, or the job is
 * gone): protection back to what the desired state says, the lease released, the request failed with
 * its reason (or cancelled, if that was asked), the requester told through the usual event. Idempotent:
 * a finished request is left alone. If Azure cannot be reached, the reconciler settles protection later.
 */
export async function settleAbandoned(
  requestId: string,
  failure: Failure,
  deps: SettleDeps,
): Promise<BackupRequest | undefined> {
  const { journal, locks, clock } = deps;
  const request = await journal.requests.get(requestId);
  if (!request || TERMINAL_STATUSES.includes(request.status)) return undefined;
  if (request.kind !== "snapshot") {
    const vmKey = vmKeyOf(request);
    await settleProtection(request, vmKey, deps).catch(() => undefined);
    await locks.releaseLifecycle(vmKey, requestId);
  }
  const finishedAt = clock.now().toISOString();
  const from = ["pending", "approved", "running"] as const;
  if (request.cancelRequested) {
    return journal.transition(
      requestId,
      from,
      { status: "cancelled", finishedAt },
      { type: "cancelled", by: request.cancelRequested.by },
      { action: "request.cancelled", actor: "kura", detail: { settled: true } },
    );
  }
  return journal.transition(
    requestId,
    from,
    { status: "failed", finishedAt, failure },
    { type: "failed", failure },
    { action: "request.abandoned", actor: "kura", detail: { code: failure.code } },
  );
}

async function settleProtection(request: BackupRequest, vmKey: string, deps: SettleDeps): Promise<void> {
  const { gateway, locks, intent, clock, journal } = deps;
  await locks.withProtectionMutex(vmKey, async () => {
    const desired = await intent.desiredFor(vmKey, request.vmName, clock.now(), {
      ignoringRequest: request.id,
    });
    const vm = await gateway.refreshVm(await gateway.findVm(request.vmName));
    const isOn = vm.protectionState === "Protected" || vm.protectionState === "IRPending";
    if (desired.state !== "ProtectionStopped" || !isOn) return;
    await gateway.stopProtectionRetainData(vm);
    await journal.record(
      request,
      { action: "azure.stop", actor: "kura", detail: { retainData: true } },
      { once: "azure.stop" },
    );
  });
}
