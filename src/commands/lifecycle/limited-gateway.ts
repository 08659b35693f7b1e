import type { BackupGateway, ProtectedVm, VaultRef } from "../ports/backup-gateway.ts";
import type { RateLimiter } from "../ports/coordination.ts";

/**
 * Wraps a gateway so every ARM write of every process draws from one shared bucket per subscription
 * (ARM limits writes per subscription, refilling 10/s), configured below ARM's refill so that kura's
 * own fan-outs never cause a 429 storm.
 */
export function withArmWriteLimit(gateway: BackupGateway, limiter: RateLimiter): BackupGateway {
  const take = (vault: VaultRef, signal?: AbortSignal) =>
    limiter.acquire(`arm-writes:${vault.subscriptionId}`, signal ? { signal } : {});
  const vaultOf = (vm: ProtectedVm) => vm.vault;
  return {
    listProtectedVms: (o) => gateway.listProtectedVms(o),
    findVm: (name, o) => gateway.findVm(name, o),
    refreshVm: (vm, o) => gateway.refreshVm(vm, o),
    jobIdForOperation: (v, id, o) => gateway.jobIdForOperation(v, id, o),
    getJob: (v, id, o) => gateway.getJob(v, id, o),
    listJobs: (v, f, o) => gateway.listJobs(v, f, o),
    listRecoveryPoints: (vm, o) => gateway.listRecoveryPoints(vm, o),
    countInstantRestorePoints: (vm, o) => gateway.countInstantRestorePoints(vm, o),
    getPolicy: (v, p, o) => gateway.getPolicy(v, p, o),
    async resumeProtection(vm, policyId, o) {
      await take(vaultOf(vm), o?.signal);
      return gateway.resumeProtection(vm, policyId, o);
    },
    async stopProtectionRetainData(vm, o) {
      await take(vaultOf(vm), o?.signal);
      return gateway.stopProtectionRetainData(vm, o);
    },
    async triggerBackup(vm, expiry, o) {
      await take(vaultOf(vm), o?.signal);
      return gateway.triggerBackup(vm, expiry, o);
    },
    async cancelJob(vault, jobId, o) {
      await take(vault, o?.signal);
      return gateway.cancelJob(vault, jobId, o);
    },
  };
}
