/**
 * What adapters report about kura's work as it happens, for whoever observes it (metrics): the worker
 * one record per finished step and per decision of a checkpointed run (backup lifecycles, disk
 * snapshot requests), the Azure gateway one per HTTP attempt. Plain data, so no observer's library
 * reaches the core or the adapters that report.
 */

export type RunKind = "backup" | "snapshot";

/** A step reached its end: the run saved a checkpoint at a later step. */
export interface StepRecord {
  kind: RunKind;
  requestId: string;
  vmName: string | undefined;
  step: string;
  /** The step the run moved on to. */
  next: string;
  durationMs: number;
  azureJobId: string | undefined;
}

/**
 * What became of one processing of a run: it ended (`succeeded`, `failed`, `cancelled`, or `gone`
 * when the request had already ended), waits to be tried again (`waiting`, with the reason), or was
 * handed over to another worker at a checkpoint because this one is shutting down (`handed-over`).
 */
export interface DecisionRecord {
  kind: RunKind;
  requestId: string;
  vmName: string | undefined;
  decision: "succeeded" | "failed" | "cancelled" | "gone" | "waiting" | "handed-over";
  step: string;
  reason: string | undefined;
  delayMs: number | undefined;
  azureJobId: string | undefined;
  /** From this processing's start. */
  durationMs: number;
}

export interface RunObserver {
  stepFinished(record: StepRecord): void;
  decided(record: DecisionRecord): void;
}

/** One HTTP attempt to Azure Resource Manager (each retry and each 429 is an attempt of its own). */
export interface AzureCallRecord {
  /** `GET Microsoft.RecoveryServices/vaults/backupJobs/{name}`: method and resource types, no names. */
  operation: string;
  /** HTTP status; 0 when no response came (a socket error, an abort). */
  status: number;
  durationMs: number;
}

export interface AzureCallObserver {
  azureCall(record: AzureCallRecord): void;
}
