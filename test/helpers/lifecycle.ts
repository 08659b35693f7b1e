/** Drives requests through the core use cases and waits for outcomes, as a chat adapter would. */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { BackupJob } from "../../src/commands/ports/backup-gateway.ts";
import type { Actor, BackupRequest, RequestStatus } from "../../src/commands/ports/requests.ts";
import { cancelRequest } from "../../src/commands/requests/cancel-request.ts";
import { decideRequest } from "../../src/commands/requests/decide-request.ts";
import { requestBackup } from "../../src/commands/requests/request-backup.ts";
import type { Runtime } from "../../src/compose/runtime.ts";

export const ALICE: Actor = { platform: "test", id: "U-alice", name: "alice" };
export const BOB: Actor = { platform: "test", id: "U-bob", name: "bob" };

/** A pending request for `vm`, made by Alice through the real use case. */
export async function createRequest(runtime: Runtime, vm: string, retentionDays = 7): Promise<BackupRequest> {
  const created = await requestBackup(
    {
      vm,
      retentionDays,
      reason: "test",
      requester: ALICE,
      conversation: { platform: "test", channelId: "C1" },
    },
    {
      gateway: runtime.gateway,
      journal: runtime.journal,
      clock: runtime.clock,
      newId: () => `r${randomBytes(4).toString("hex")}`,
      settings: { defaultRetentionDays: 30, requestTtlMs: 3_600_000 },
    },
  );
  assert.ok(created.ok, JSON.stringify(created));
  return created.value;
}

export async function requestAndApprove(
  runtime: Runtime,
  vm: string,
  retentionDays = 7,
): Promise<BackupRequest> {
  const created = { value: await createRequest(runtime, vm, retentionDays) };
  const approved = await decideRequest(
    created.value.id,
    BOB,
    { approve: true },
    {
      journal: runtime.journal,
      queue: runtime.queue,
      clock: runtime.clock,
      rules: { isApprover: () => true, allowSelfApproval: false },
    },
  );
  assert.ok(approved.ok, JSON.stringify(approved));
  return approved.value;
}

export async function cancel(runtime: Runtime, requestId: string) {
  return cancelRequest(requestId, BOB, {
    journal: runtime.journal,
    queue: runtime.queue,
    clock: runtime.clock,
    mayCancel: () => true,
  });
}

const TERMINAL: RequestStatus[] = ["succeeded", "failed", "cancelled", "rejected", "expired"];

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function waitForEnd(runtime: Runtime, requestId: string, timeoutMs = 60_000): Promise<BackupRequest> {
  return waitFor(
    `request ${requestId} to end`,
    async () => {
      const request = await runtime.journal.requests.get(requestId);
      return request && TERMINAL.includes(request.status) ? request : undefined;
    },
    timeoutMs,
  );
}

/** The VM's backup jobs as Azure lists them (through the real SDK). */
export async function backupJobsOf(runtime: Runtime, vmName: string): Promise<BackupJob[]> {
  const vm = await runtime.gateway.findVm(vmName);
  const jobs = await runtime.gateway.listJobs(vm.vault, {
    since: new Date(runtime.clock.now().getTime() - 3 * 86_400_000),
    operation: "Backup",
  });
  return jobs.filter((job) => job.vmName.toLowerCase() === vmName.toLowerCase() && job.isUserTriggered);
}

export async function protectionOf(runtime: Runtime, vmName: string): Promise<string> {
  // A fresh GET of the item: VM lookups share a few seconds' listing, which may predate the change.
  const vm = await runtime.gateway.findVm(vmName);
  return (await runtime.gateway.refreshVm(vm)).protectionState;
}

export async function auditActions(runtime: Runtime, requestId: string): Promise<string[]> {
  const entries = await runtime.audit.read({ count: 500 });
  return entries
    .filter((entry) => entry.correlationId === requestId)
    .reverse()
    .map((entry) => entry.action);
}
