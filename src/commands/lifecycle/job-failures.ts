import type { BackupJob } from "../ports/backup-gateway.ts";
import type { Failure } from "../ports/requests.ts";

/** Remedies for Azure backup job errors operators meet most (ref: the VM backup troubleshooting doc). */
const REMEDIES: Record<string, string> = {
  UserErrorRpCollectionLimitReached:
    "The VM's restore point collection is full (18). Open an emergency GC window (`/backup gc open <vm>`) so Azure cleans expired points, remove any lock on the AzureBackupRG_* resource group, then retry.",
  UserErrorBackupOperationInProgress:
    "Another backup of this VM is running. Wait for it to finish, then retry.",
  UserErrorGuestAgentStatusUnavailable:
    "The VM agent is not responding. Check that the VM is running and its guest agent is healthy, then retry.",
  GuestAgentSnapshotTaskStatusError:
    "The VM agent could not report the snapshot status. Check the VM agent, then retry.",
  UserErrorVmProvisioningStateFailed:
    "The VM is in a failed provisioning state. Repair the VM in Azure, then retry.",
  ExtensionSnapshotFailedNoNetwork:
    "The VM has no outbound network for the snapshot extension. Fix its connectivity.",
  BackUpOperationFailed: "Azure reported an internal error. Retry in a few minutes.",
  BackUpOperationFailedV2: "Azure reported an internal error. Retry in a few minutes.",
};

export function remedyFor(azureCode: string): string | undefined {
  return REMEDIES[azureCode];
}

/** Turns a failed Azure job into the failure a user reads: Azure's own error, plus what to do. */
export function failureFromJob(job: BackupJob): Failure {
  const first = job.errors[0];
  if (!first) {
    return {
      code: "AZURE_JOB_FAILED",
      message: `Azure backup job ${job.id} ended ${job.status} without error details.`,
      remedy: "Check the job in the Azure portal (Backup jobs), then retry.",
    };
  }
  const remedy = remedyFor(first.code) ?? first.recommendations.join(" ");
  return {
    code: first.code === "UserErrorRpCollectionLimitReached" ? "AZURE_RP_LIMIT_REACHED" : "AZURE_JOB_FAILED",
    message: `Azure backup job ${job.id} failed: ${first.message}`,
    azureCode: first.code,
    ...(remedy ? { remedy } : {}),
  };
}
