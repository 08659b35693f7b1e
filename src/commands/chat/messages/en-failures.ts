/**
 * English words for why a backup or snapshot run failed or warned (`Failure.code`, `Warning.code`)
 * and what to do about it, keyed by kura's codes and, for Azure job errors, Azure's own code.
 * src/commands/chat/failure-view.ts maps every code to these keys with typed records. Spread into
 * `en`; `ja-failures.ts` has the same keys and placeholders (the catalog test checks).
 */
export const enFailures = {
  "failure.AZURE_RP_LIMIT_REACHED": "Azure refused the backup: the VM's restore point collection is full.",
  "failure.AZURE_THROTTLED": "Azure kept throttling kura's calls.",
  "failure.AZURE_CONFLICT": "Azure refused: another operation on this VM was in progress.",
  "failure.AZURE_NOT_FOUND": "Azure could not find the VM or its backup item.",
  "failure.AZURE_FORBIDDEN": "Azure denied kura access for this operation.",
  "failure.AZURE_INVALID_INPUT": "Azure rejected kura's call as invalid.",
  "failure.AZURE_UNAVAILABLE": "Azure could not be reached or failed.",
  "failure.AZURE_JOB_FAILED": "Azure backup job {jobId} ended {jobStatus}.",
  "failure.INVALID_VM_NAME": "The VM's name is not a valid Azure VM name.",
  "failure.VM_NOT_MANAGED": "The VM is not one of the VMs kura manages.",
  "failure.CONFIG_INVALID": "kura's configuration does not allow this run.",
  "failure.ABORTED": "The run was interrupted.",
  "failure.NO_POLICY":
    "{vm} has no backup policy in Azure and no fallback policy is configured for vault {vault}.",
  "failure.abandoned.given-up":
    "kura gave up on this backup after repeated errors; protection was set back to what it should be.",
  "failure.abandoned.stalled":
    "The workers running this backup stopped too many times; protection was set back to what it should be.",
  "failure.abandoned.job-lost":
    "The job running this backup disappeared; protection was set back to what it should be.",
  "failure.SNAPSHOT_VM_STARTED":
    "{vm} was started while kura was taking snapshots; the ones already taken keep their expiry tag and are deleted then.",
  "remedy.AZURE_RP_LIMIT_REACHED":
    "What to do: keep protection resumed for about 48 hours (an emergency GC window: `/backup gc open <vm>`) so Azure's garbage collection removes expired points, and remove any lock on the AzureBackupRG_* group.",
  "remedy.AZURE_THROTTLED": "What to do: request the backup again in a few minutes.",
  "remedy.AZURE_CONFLICT": "What to do: wait for the other operation on the VM to finish, then retry.",
  "remedy.AZURE_NOT_FOUND":
    "What to do: check that the VM is protected in one of the vaults kura is configured for.",
  "remedy.AZURE_FORBIDDEN":
    "What to do: check kura's Azure identity (managed identity or az login) and that it holds the Backup role on the vault.",
  "remedy.AZURE_INVALID_INPUT": "What to do: check the VM, vault and policy involved, then retry.",
  "remedy.AZURE_UNAVAILABLE": "What to do: retry in a few minutes; if it persists, check Azure's status.",
  "remedy.AZURE_JOB_FAILED": "What to do: check job {jobId} in the Azure portal (Backup jobs), then retry.",
  "remedy.NO_POLICY":
    "What to do: set vaults[].policy for {vault} in kura's configuration to the weekly policy to resume with.",
  "remedy.LIFECYCLE_ABANDONED": "What to do: check the worker logs, then request the backup again.",
  "remedy.azure.UserErrorRpCollectionLimitReached":
    "What to do: the VM's restore point collection is full (18). Open an emergency GC window (`/backup gc open <vm>`) so Azure cleans expired points, remove any lock on the AzureBackupRG_* resource group, then retry.",
  "remedy.azure.UserErrorBackupOperationInProgress":
    "What to do: another backup of this VM is running. Wait for it to finish, then retry.",
  "remedy.azure.UserErrorGuestAgentStatusUnavailable":
    "What to do: the VM agent is not responding. Check that the VM is running and its guest agent is healthy, then retry.",
  "remedy.azure.GuestAgentSnapshotTaskStatusError":
    "What to do: the VM agent could not report the snapshot status. Check the VM agent, then retry.",
  "remedy.azure.UserErrorVmProvisioningStateFailed":
    "What to do: the VM is in a failed provisioning state. Repair the VM in Azure, then retry.",
  "remedy.azure.ExtensionSnapshotFailedNoNetwork":
    "What to do: the VM has no outbound network for the snapshot extension. Fix its connectivity.",
  "remedy.azure.BackUpOperationFailed":
    "What to do: Azure reported an internal error. Retry in a few minutes.",
  "warning.CANCEL_TOO_LATE":
    "Azure could not cancel job {jobId} any more ({code}); kura will settle protection when it ends.",
} as const satisfies Record<string, string>;
