/**
 * The `BackupGateway` port on the official SDK: the one place in kura that talks to Azure Backup.
 * Reads live here; the tracked writes are in protection.ts.
 */
import { KuraError } from "../commands/errors.ts";
import type {
  BackupGateway,
  BackupJob,
  BackupPolicy,
  CallOptions,
  JobFilter,
  ProtectedVm,
  RecoveryPoint,
  TriggeredBackup,
  TriggerOptions,
  VaultRef,
} from "../commands/ports/backup-gateway.ts";
import { parseVmRef } from "../commands/vm-name.ts";
import { checkOpaqueId, parsePolicyId, policyNameIn } from "./arm-ids.ts";
import { azureError } from "./azure-errors.ts";
import { atPriority } from "./call-priority.ts";
import { allPages, type GatewayContext, guarded, itemPathOf, knownVault } from "./context.ts";
import { isInstantRestorePoint, toBackupJob, toProtectedVm, toRecoveryPoint } from "./mappers.ts";
import { jobFilter, VM_ITEMS_FILTER } from "./odata.ts";
import { toBackupPolicy } from "./policy-mapper.ts";
import { jobIdFor, resume, stopRetain, trigger } from "./protection.ts";

/** Built by `createBackupGateway` (create-backup-gateway.ts). */
export class AzureBackupGateway implements BackupGateway {
  readonly #ctx: GatewayContext;

  constructor(ctx: GatewayContext) {
    this.#ctx = ctx;
  }

  async listProtectedVms(options: CallOptions & { vault?: VaultRef } = {}): Promise<ProtectedVm[]> {
    const vaults = options.vault ? [knownVault(this.#ctx, options.vault)] : this.#ctx.vaults;
    const perVault = await Promise.all(vaults.map((v) => this.#listVault(v, options.signal)));
    return perVault.flat();
  }

  /** Names are matched client-side on `friendlyName`, case-insensitively (ref §2a, §8.4). */
  async findVm(nameOrId: string, options: CallOptions = {}): Promise<ProtectedVm> {
    return atPriority(options, async () => {
      const ref = parseVmRef(nameOrId);
      const wanted = (ref.kind === "id" ? ref.id : ref.name).toLowerCase();
      const vms = await this.listProtectedVms(options);
      const hits = vms.filter((vm) => (ref.kind === "id" ? vm.vmId : vm.vmName).toLowerCase() === wanted);
      if (hits.length === 1 && hits[0]) return hits[0];
      if (hits.length > 1) {
        throw new KuraError("INVALID_VM_NAME", `${hits.length} protected VMs are named ${ref.name}.`, {
          remedy: "Give the VM's full ARM id instead of its name.",
        });
      }
      throw azureError("AZURE_NOT_FOUND", `No protected VM named ${ref.name} in the configured vaults.`, {
        remedy: "Check the name; kura only manages VMs already configured for backup in its vaults.",
      });
    });
  }

  async refreshVm(vm: ProtectedVm, options: CallOptions = {}): Promise<ProtectedVm> {
    return atPriority(options, async () => {
      const { vault, path } = itemPathOf(this.#ctx, vm);
      const item = await guarded(options.signal, () =>
        this.#client(vault).protectedItems.get(
          vault.name,
          vault.resourceGroup,
          path.fabricName,
          path.containerName,
          path.itemName,
          { abortSignal: options.signal },
        ),
      );
      const fresh = toProtectedVm(item, vault);
      if (!fresh)
        throw azureError("AZURE_NOT_FOUND", `${vm.vmName} is no longer an Azure VM protected item.`);
      return fresh;
    });
  }

  /**
   * The item as the finished operation left it, without another GET: Azure reported the change done,
   * and a re-read per write was a fifth of a lifecycle's ARM reads (the next decision re-reads anyway).
   */
  async resumeProtection(vm: ProtectedVm, policyId: string, options: CallOptions = {}): Promise<ProtectedVm> {
    return atPriority(options, async () => {
      await resume(this.#ctx, vm, policyId, options.signal);
      const policyName = parsePolicyId(policyId)?.policyName ?? vm.policyName;
      return this.#listed({ ...vm, protectionState: "Protected", policyId, policyName });
    });
  }

  async stopProtectionRetainData(vm: ProtectedVm, options: CallOptions = {}): Promise<ProtectedVm> {
    await stopRetain(this.#ctx, vm, options.signal);
    return this.#listed({ ...vm, protectionState: "ProtectionStopped" });
  }

  async triggerBackup(
    vm: ProtectedVm,
    recoveryPointExpiry: Date,
    options: TriggerOptions = {},
  ): Promise<TriggeredBackup> {
    return atPriority(options, async () => {
      // Shared job lists and this VM's points are not served across a backup (before and after the POST).
      this.#ctx.sharedReads.forget(jobsKeyPrefix(vm.vault));
      this.#ctx.sharedReads.forget(pointsKey(vm));
      try {
        return await trigger(this.#ctx, vm, recoveryPointExpiry, options);
      } finally {
        this.#ctx.sharedReads.forget(jobsKeyPrefix(vm.vault));
      }
    });
  }

  jobIdForOperation(
    vault: VaultRef,
    operationId: string,
    options: CallOptions = {},
  ): Promise<string | undefined> {
    return jobIdFor(this.#ctx, vault, operationId, options.signal);
  }

  async getJob(vaultRef: VaultRef, jobId: string, options: CallOptions = {}): Promise<BackupJob> {
    const vault = knownVault(this.#ctx, vaultRef);
    const id = checkOpaqueId(jobId, "job id");
    const job = toBackupJob(
      await guarded(options.signal, () =>
        this.#client(vault).jobDetails.get(vault.name, vault.resourceGroup, id, {
          abortSignal: options.signal,
        }),
      ),
      vault,
    );
    // A finished backup added a point: a listing of that VM's points from before is not served again.
    if (job.status !== "InProgress") this.#ctx.sharedReads.forget(pointsKeyOf(vault, job.vmName));
    return job;
  }

  /**
   * Lists with a lower bound (every caller's) are shared among callers asking for the same kind of
   * jobs within a few seconds (shared-reads.ts): the bound is rounded down to the minute for ARM and
   * applied exactly here. A trigger or cancel in the vault forgets them, so no one reads around a
   * backup they just started; but another process's trigger is not seen in this one's shared list, so
   * whatever decides to trigger asks for a `fresh` one.
   */
  async listJobs(
    vaultRef: VaultRef,
    filter: JobFilter,
    options: CallOptions & { fresh?: boolean } = {},
  ): Promise<BackupJob[]> {
    return atPriority(options, async () => {
      const vault = knownVault(this.#ctx, vaultRef);
      if (options.fresh || !filter.since || filter.until)
        return this.#listJobsNow(vault, filter, options.signal);
      const since = filter.since;
      const widened: JobFilter = {
        ...filter,
        since: new Date(Math.floor(since.getTime() / 60_000) * 60_000),
      };
      const key = `${jobsKeyPrefix(vault)}${widened.status ?? "*"}/${widened.operation ?? "*"}/${widened.since?.getTime()}`;
      const jobs = await guarded(options.signal, () =>
        abortable(
          this.#ctx.sharedReads.get(key, () => this.#listJobsNow(vault, widened, undefined)),
          options.signal,
        ),
      );
      return jobs.filter((job) => !job.startTime || job.startTime.getTime() >= since.getTime() - 1_000);
    });
  }

  #listJobsNow(vault: VaultRef, filter: JobFilter, signal: AbortSignal | undefined): Promise<BackupJob[]> {
    const odata = jobFilter(filter, this.#ctx.clock.now());
    return guarded(signal, async () => {
      const jobs = await allPages(
        this.#client(vault).backupJobs.list(vault.name, vault.resourceGroup, {
          filter: odata,
          abortSignal: signal,
        }),
      );
      return jobs.map((j) => toBackupJob(j, vault));
    });
  }

  async cancelJob(vaultRef: VaultRef, jobId: string, options: CallOptions = {}): Promise<void> {
    const vault = knownVault(this.#ctx, vaultRef);
    const id = checkOpaqueId(jobId, "job id");
    this.#ctx.sharedReads.forget(jobsKeyPrefix(vault));
    await guarded(options.signal, () =>
      this.#client(vault).jobCancellations.trigger(vault.name, vault.resourceGroup, id, {
        abortSignal: options.signal,
      }),
    );
  }

  /**
   * Shared for a few seconds (the report after a backup and the restore point check it asks for read
   * the same list); forgotten when a backup of the VM is triggered or seen finished.
   */
  async listRecoveryPoints(vm: ProtectedVm, options: CallOptions = {}): Promise<RecoveryPoint[]> {
    const { vault, path } = itemPathOf(this.#ctx, vm);
    const load = async () => {
      const points = await guarded(undefined, () =>
        allPages(
          this.#client(vault).recoveryPoints.list(
            vault.name,
            vault.resourceGroup,
            path.fabricName,
            path.containerName,
            path.itemName,
          ),
        ),
      );
      return points
        .flatMap((p) => toRecoveryPoint(p) ?? [])
        .sort((a, b) => a.time.getTime() - b.time.getTime());
    };
    const points = await guarded(options.signal, () =>
      abortable(this.#ctx.sharedReads.get(pointsKey(vm), load), options.signal),
    );
    return [...points];
  }

  async countInstantRestorePoints(vm: ProtectedVm, options: CallOptions = {}): Promise<number> {
    return atPriority(options, async () => {
      return (await this.listRecoveryPoints(vm, options)).filter(isInstantRestorePoint).length;
    });
  }

  async getPolicy(
    vaultRef: VaultRef,
    policyNameOrId: string,
    options: CallOptions = {},
  ): Promise<BackupPolicy> {
    return atPriority(options, async () => {
      const vault = knownVault(this.#ctx, vaultRef);
      const name = policyNameIn(vault, policyNameOrId);
      const load = async () =>
        toBackupPolicy(
          await guarded(undefined, () =>
            this.#client(vault).protectionPolicies.get(vault.name, vault.resourceGroup, name),
          ),
        );
      const key = `policy:${vault.subscriptionId}/${vault.resourceGroup}/${vault.name}/${name}`.toLowerCase();
      return guarded(options.signal, () => abortable(this.#ctx.sharedReads.get(key, load), options.signal));
    });
  }

  /** A change this process made shows in its shared listing of the vault at once (shared-reads.ts). */
  #listed(changed: ProtectedVm): ProtectedVm {
    this.#ctx.sharedReads.update<ProtectedVm[]>(itemsKey(changed.vault), (vms) =>
      vms.map((vm) => (vm.vmId.toLowerCase() === changed.vmId.toLowerCase() ? changed : vm)),
    );
    return changed;
  }

  /** Shared by concurrent callers (shared-reads.ts), so the listing runs without any one caller's signal. */
  async #listVault(vault: VaultRef, signal: AbortSignal | undefined): Promise<ProtectedVm[]> {
    const load = async () => {
      const items = await guarded(undefined, () =>
        allPages(
          this.#client(vault).backupProtectedItems.list(vault.name, vault.resourceGroup, {
            filter: VM_ITEMS_FILTER,
          }),
        ),
      );
      return items.flatMap((item) => toProtectedVm(item, vault) ?? []);
    };
    return guarded(signal, () => abortable(this.#ctx.sharedReads.get(itemsKey(vault), load), signal));
  }

  #client(vault: VaultRef) {
    return this.#ctx.client(vault.subscriptionId);
  }
}

function vaultKeyOf(vault: VaultRef): string {
  return `${vault.subscriptionId}/${vault.resourceGroup}/${vault.name}`.toLowerCase();
}

function itemsKey(vault: VaultRef): string {
  return `items:${vaultKeyOf(vault)}`;
}

/** Every shared job list of a vault starts with this. */
function jobsKeyPrefix(vault: VaultRef): string {
  return `jobs:${vaultKeyOf(vault)}/`;
}

function pointsKeyOf(vault: VaultRef, vmName: string): string {
  return `points:${vaultKeyOf(vault)}/${vmName.toLowerCase()}`;
}

function pointsKey(vm: ProtectedVm): string {
  return pointsKeyOf(vm.vault, vm.vmName);
}

/** Lets one caller stop waiting for a shared promise without cancelling it for the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
