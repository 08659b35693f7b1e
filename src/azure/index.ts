/** The Azure adapter's public surface, for composition roots (src/main.ts). */

export { toKuraError } from "./azure-errors.ts";
export type { RetrySettings } from "./client.ts";
export { type BackupGatewayOptions, createBackupGateway } from "./create-backup-gateway.ts";
export { type ComputeGatewayOptions, createComputeGateway } from "./create-compute-gateway.ts";
export { defaultCredential, fixedTokenCredential } from "./credential.ts";
export type { PollSettings } from "./operations.ts";
