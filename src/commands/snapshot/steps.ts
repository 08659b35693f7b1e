import { Refusal } from "../lifecycle/steps-before-backup.ts";
import type { SnapshotRun } from "./context.ts";
import { snapshotName, snapshotTags } from "./names.ts";
import { notDeallocated } from "./request-snapshot.ts";

const DAY_MS = 86_400_000;

/** Step 1: the VM is still one kura manages, still deallocated; fix its disks and the expiry. */
export async function check(run: SnapshotRun): Promise<void> {
  const { gateway, compute, clock } = run.deps;
  const options = { signal: run.signal };
  const protectedVm = await gateway.findVm(run.request.vmName, options);
  const vm = await compute.getVm(protectedVm.vmId, options);
  if (vm.powerState !== "deallocated")
    throw new Refusal({ ...notDeallocated(vm.name, vm.powerState), params: { vm: vm.name } });
  const expiresAt = new Date(clock.now().getTime() + run.request.retentionDays * DAY_MS).toISOString();
  const { id, name, subscriptionId, resourceGroup, location, disks } = vm;
  await run.commit({
    step: "snapshot",
    vm: { id, name, subscriptionId, resourceGroup, location, disks },
    expiresAt,
    taken: [],
    transientErrors: 0,
  });
}

/** Step 2: one full snapshot per managed disk, OS disk first; each is checkpointed once Azure is done. */
export async function snapshotDisks(run: SnapshotRun): Promise<void> {
  const { compute, journal } = run.deps;
  const { vm, expiresAt } = run.checkpoint;
  if (!vm || !expiresAt) throw new Error("snapshot step without the checkpoint of the check step");
  const tags = snapshotTags({
    requestId: run.request.id,
    requester: run.request.requester,
    expiresAt,
    vmName: vm.name,
  });
  for (const [index, disk] of vm.disks.entries()) {
    const name = snapshotName(run.request.id, disk);
    if (run.checkpoint.taken?.some((t) => t.name === name)) continue;
    if (await cancelled(run)) return;
    // The VM may have been started since the check; a snapshot of a running disk is not what was approved.
    const fresh = await compute.getVm(vm.id, { signal: run.signal });
    if (fresh.powerState !== "deallocated") {
      const problem = notDeallocated(vm.name, fresh.powerState);
      throw new Refusal({
        ...problem,
        message: `${problem.message} It was started while kura was taking snapshots; the ones already taken keep their expiry tag and are deleted then.`,
        params: { vm: vm.name, during: "snapshot" },
      });
    }
    const progress = {
      step: "snapshot",
      task: disk.name,
      percent: Math.round((index / vm.disks.length) * 100),
    };
    const updated = await journal.transition(run.request.id, ["running"], { progress });
    if (updated) {
      run.request = updated;
      await journal.emit(updated, { type: "progress", progress }, name);
    }
    const snapshot = await compute.createSnapshot(
      {
        subscriptionId: vm.subscriptionId,
        resourceGroup: vm.resourceGroup,
        name,
        location: vm.location,
        sourceDiskId: disk.id,
        tags,
      },
      { signal: run.signal },
    );
    await journal.record(run.request, {
      action: "azure.snapshot",
      actor: "kura",
      detail: { snapshot: snapshot.name, disk: disk.name, expiresAt },
    });
    const taken = [
      ...(run.checkpoint.taken ?? []),
      { name: snapshot.name, id: snapshot.id, disk: disk.name, resourceGroup: vm.resourceGroup },
    ];
    await run.commit({ taken, transientErrors: 0 });
  }
  await run.commit({ step: "report", transientErrors: 0 });
}

/** Step 3: report like a backup: the snapshots, when they expire, how long it took. */
export async function report(run: SnapshotRun): Promise<void> {
  const { journal, clock } = run.deps;
  const now = clock.now();
  const started = run.request.startedAt ? Date.parse(run.request.startedAt) : now.getTime();
  const result = {
    azureJobId: "",
    recoveryPointTime: run.request.startedAt ?? now.toISOString(),
    recoveryPointExpiry: run.checkpoint.expiresAt ?? now.toISOString(),
    durationMs: Math.max(0, now.getTime() - started),
    restorePointLimit: 0,
    snapshots: run.checkpoint.taken ?? [],
  };
  await journal.transition(
    run.request.id,
    ["running"],
    {
      status: "succeeded",
      finishedAt: now.toISOString(),
      result,
      progress: { step: "report", percent: 100 },
    },
    { type: "succeeded", result },
  );
  await run.commit({ step: "done" });
}

/** A cancel request ends the run between disks; snapshots already taken keep their expiry tag. */
async function cancelled(run: SnapshotRun): Promise<boolean> {
  const { journal, clock } = run.deps;
  const current = await journal.requests.get(run.request.id);
  if (!current?.cancelRequested) return false;
  await journal.transition(
    run.request.id,
    ["running"],
    { status: "cancelled", finishedAt: clock.now().toISOString() },
    { type: "cancelled", by: current.cancelRequested.by },
  );
  await run.commit({ step: "done" });
  return true;
}
