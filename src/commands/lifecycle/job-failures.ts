import { AZURE_JOB_REMEDIES } from "../chat/failure-view.ts";
import { en } from "../chat/messages/en.ts";
import type { BackupJob } from "../ports/backup-gateway.ts";
import type { Failure } from "../ports/requests.ts";

/**
 * The English remedy for an Azure job error kura knows (the catalog's wording, without its "What to
 * do:" lead), for logs and the audit trail; readers get the catalog's wording in their language.
 */
export function remedyFor(azureCode: string): string | undefined {
  if (!Object.hasOwn(AZURE_JOB_REMEDIES, azureCode)) return undefined;
  const key = AZURE_JOB_REMEDIES[azureCode as keyof typeof AZURE_JOB_REMEDIES];
  const text = en[key].replace(/^What to do: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Turns a failed Azure job into the failure a user reads: Azure's own error, plus what to do. */
export function failureFromJob(job: BackupJob): Failure {
  const first = job.errors[0];
  if (!first) {
    return {
      code: "AZURE_JOB_FAILED",
      message: `Azure backup job ${job.id} ended ${job.status} without error details.`,
      remedy: "Check the job in the Azure portal (Backup jobs), then retry.",
      params: { jobId: job.id, jobStatus: job.status },
    };
  }
  const remedy = remedyFor(first.code) ?? first.recommendations.join(" ");
  return {
    code: first.code === "UserErrorRpCollectionLimitReached" ? "AZURE_RP_LIMIT_REACHED" : "AZURE_JOB_FAILED",
    message: `Azure backup job ${job.id} failed: ${first.message}`,
    azureCode: first.code,
    ...(remedy ? { remedy } : {}),
    params: { jobId: job.id, jobStatus: job.status },
  };
}
