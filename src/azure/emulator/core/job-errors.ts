import type { JobError } from "./model.ts";

/**
 * What a failed job carries in `errorDetails[]`. The spec types `errorCode` as int32 and says nothing about
 * where the mnemonic goes (ref §8.3), so — inference — the mnemonic is `errorTitle`, Azure's message is
 * `errorString`, and `errorCode` is an emulator-assigned number (Azure's numeric codes are not published).
 */
const CATALOG: Record<string, Omit<JobError, "title">> = {
  // ref §4 and §7; message quoted from the troubleshooting doc.
  UserErrorRpCollectionLimitReached: {
    code: 400_264,
    message: "The Restore Point collection max limit has reached.",
    recommendations: [
      "Remove any lock on the restore point resource group (AzureBackupRG_<Geo>_<number>) and retry to trigger cleanup.",
      "Keep protection enabled long enough for garbage collection to run (it runs within 24 hours while protection is active).",
      "Only 18 instant restore points can be tied to a VM at a time; take fewer backups per day.",
    ],
  },
  // ref §4.
  UserErrorBackupOperationInProgress: {
    code: 400_001,
    message: "Unable to initiate backup as another backup operation is currently in progress",
    recommendations: ["Wait for the running backup job to finish, then trigger the backup again."],
  },
  UserErrorGuestAgentStatusUnavailable: {
    code: 400_002,
    message: "VM Agent unable to communicate with Azure Backup",
    recommendations: ["Ensure the VM agent is installed, running and up to date."],
  },
  BackUpOperationFailed: {
    code: 500_001,
    message: "Backup failed with an internal error - Please retry the operation in a few minutes",
    recommendations: ["Retry the operation in a few minutes."],
  },
};

/** The error detail for `mnemonic`; unknown mnemonics (e.g. from a fault) get a generic entry. */
export function jobError(mnemonic: string): JobError {
  const known = CATALOG[mnemonic];
  if (known) return { title: mnemonic, ...known, recommendations: [...known.recommendations] };
  return {
    title: mnemonic,
    code: 999_999,
    message: `The backup failed with ${mnemonic} (injected by the emulator).`,
    recommendations: ["Retry the operation."],
  };
}
