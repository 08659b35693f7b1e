/**
 * The one place a process's reports meet their observers: the runtime hands this relay to the
 * adapters that report (Azure gateway, worker), and observability subscribes metrics to it later.
 */
import type { BackupGateway, ProtectedVm } from "../commands/ports/backup-gateway.ts";
import type {
  AzureCallObserver,
  AzureCallRecord,
  DecisionRecord,
  RunObserver,
  StepRecord,
} from "../commands/ports/telemetry.ts";
import { isInstantRestorePoint } from "../commands/restore-points.ts";

export interface RestorePointObserver {
  restorePoints(vault: string, vm: string, count: number): void;
}

export type TelemetryObserver = Partial<RunObserver & AzureCallObserver & RestorePointObserver>;

export class TelemetryRelay implements RunObserver, AzureCallObserver, RestorePointObserver {
  readonly #observers: TelemetryObserver[] = [];

  subscribe(observer: TelemetryObserver): void {
    this.#observers.push(observer);
  }
  stepFinished(record: StepRecord): void {
    for (const o of this.#observers) o.stepFinished?.(record);
  }
  decided(record: DecisionRecord): void {
    for (const o of this.#observers) o.decided?.(record);
  }
  azureCall(record: AzureCallRecord): void {
    for (const o of this.#observers) o.azureCall?.(record);
  }
  restorePoints(vault: string, vm: string, count: number): void {
    for (const o of this.#observers) o.restorePoints?.(vault, vm, count);
  }
}

/** Reports each VM's instant restore points whenever kura reads them (after a backup, the daily watch). */
export function reportingRestorePoints(
  gateway: BackupGateway,
  observer: RestorePointObserver,
): BackupGateway {
  const seen = (vm: ProtectedVm, count: number) => observer.restorePoints(vm.vault.name, vm.vmName, count);
  return {
    ...bind(gateway),
    async listRecoveryPoints(vm, options) {
      const points = await gateway.listRecoveryPoints(vm, options);
      seen(vm, points.filter(isInstantRestorePoint).length);
      return points;
    },
    async countInstantRestorePoints(vm, options) {
      const count = await gateway.countInstantRestorePoints(vm, options);
      seen(vm, count);
      return count;
    },
  };
}

/** The gateway's methods bound to it, so a spread copy keeps working (it is a class instance). */
function bind(gateway: BackupGateway): BackupGateway {
  return {
    listProtectedVms: (o) => gateway.listProtectedVms(o),
    findVm: (name, o) => gateway.findVm(name, o),
    refreshVm: (vm, o) => gateway.refreshVm(vm, o),
    resumeProtection: (vm, policyId, o) => gateway.resumeProtection(vm, policyId, o),
    stopProtectionRetainData: (vm, o) => gateway.stopProtectionRetainData(vm, o),
    triggerBackup: (vm, expiry, o) => gateway.triggerBackup(vm, expiry, o),
    jobIdForOperation: (v, id, o) => gateway.jobIdForOperation(v, id, o),
    getJob: (v, id, o) => gateway.getJob(v, id, o),
    listJobs: (v, f, o) => gateway.listJobs(v, f, o),
    cancelJob: (v, id, o) => gateway.cancelJob(v, id, o),
    listRecoveryPoints: (vm, o) => gateway.listRecoveryPoints(vm, o),
    countInstantRestorePoints: (vm, o) => gateway.countInstantRestorePoints(vm, o),
    getPolicy: (v, p, o) => gateway.getPolicy(v, p, o),
  };
}
