/**
 * `JobResource` (`AzureIaaSVMJob`, ref §2g). Lists omit `extendedInfo` (EX:ListJobs); details carry it.
 * Progress is computed from the virtual clock at read time, so no events are needed to move it.
 */
import type { Job, JobTask, Vault } from "../core/model.ts";
import { JOB_TYPE } from "../core/names.ts";
import { iso, isoDuration } from "../core/time.ts";

export function jobView(vault: Vault, job: Job, now: number, withExtendedInfo: boolean): object {
  const end = job.end ?? now;
  const properties: Record<string, unknown> = {
    jobType: "AzureIaaSVMJob",
    duration: isoDuration(end - job.start),
    actionsInfo: job.status === "InProgress" && job.tasks[0]?.status === "InProgress" ? ["Cancellable"] : [],
    virtualMachineVersion: "Compute",
    entityFriendlyName: job.vmName,
    backupManagementType: "AzureIaasVM",
    operation: job.operation,
    status: job.status,
    startTime: iso(job.start),
    ...(job.end !== undefined ? { endTime: iso(job.end) } : {}),
    activityId: job.activityId,
    containerName: job.containerName,
    isUserTriggered: job.isUserTriggered,
  };
  if (job.error) {
    properties.errorDetails = [
      {
        errorCode: job.error.code,
        errorTitle: job.error.title,
        errorString: job.error.message,
        recommendations: job.error.recommendations,
      },
    ];
  }
  if (withExtendedInfo) properties.extendedInfo = extendedInfo(job, now);
  return { id: `${vault.id}/backupJobs/${job.id}`, name: job.id, type: JOB_TYPE, properties };
}

function extendedInfo(job: Job, now: number): object {
  const propertyBag: Record<string, string> = { "VM Name": job.vmName };
  if (job.policyName) propertyBag["Policy Name"] = job.policyName;
  const planned = job.tasks.reduce((sum, t) => sum + t.plannedMs, 0);
  const done = job.tasks.reduce((sum, t) => sum + taskElapsed(t, now), 0);
  const running = job.status === "InProgress" && job.tasks.length > 0;
  return {
    tasksList: job.tasks.map((t) => taskView(t, now)),
    propertyBag,
    // ref §2g: null/absent when not started or completed; the SDK types it as a number.
    ...(running ? { progressPercentage: round(planned === 0 ? 0 : (100 * done) / planned) } : {}),
    ...(running ? { estimatedRemainingDuration: isoDuration(Math.max(0, planned - done)) } : {}),
    ...(job.error ? { dynamicErrorMessage: job.error.message } : {}),
  };
}

function taskView(task: JobTask, now: number): object {
  const elapsed = taskElapsed(task, now);
  return {
    taskId: task.name,
    ...(task.start !== undefined ? { startTime: iso(task.start) } : {}),
    ...(task.end !== undefined ? { endTime: iso(task.end) } : {}),
    duration: isoDuration(elapsed),
    status: task.status,
    progressPercentage:
      task.status === "Completed" ? 100 : round(task.plannedMs === 0 ? 0 : (100 * elapsed) / task.plannedMs),
  };
}

function taskElapsed(task: JobTask, now: number): number {
  if (task.start === undefined) return 0;
  return Math.min(task.plannedMs, (task.end ?? now) - task.start);
}

function round(n: number): number {
  return Math.round(Math.min(100, Math.max(0, n)) * 100) / 100;
}
