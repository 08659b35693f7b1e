/**
 * What every gateway operation shares: the configured vaults, a client per subscription, polling
 * settings, and the guard that turns whatever an SDK call throws into a `KuraError`.
 */
import type { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { KuraError } from "../commands/errors.ts";
import type { ProtectedVm, VaultRef } from "../commands/ports/backup-gateway.ts";
import type { Clock } from "../commands/ports/clock.ts";
import { type ItemPath, parseItemId, sameVault } from "./arm-ids.ts";
import { toKuraError } from "./azure-errors.ts";
import type { OperationPace } from "./operation-pace.ts";
import type { PollSettings } from "./operations.ts";
import type { SharedReads } from "./shared-reads.ts";

export interface GatewayContext {
  vaults: readonly VaultRef[];
  client(subscriptionId: string): RecoveryServicesBackupClient;
  polling: PollSettings;
  /** How long recent operations of each kind took: when to read their status first. */
  operationPace: OperationPace;
  clock: Clock;
  /** Item listings and policies, shared for a few seconds (shared-reads.ts). */
  sharedReads: SharedReads;
}

const SUBSCRIPTION = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RESOURCE_GROUP = /^[A-Za-z0-9_.()-]{0,89}[A-Za-z0-9_()-]$/;
/** Recovery Services vault names: 2–50 letters, digits and hyphens, starting with a letter. */
const VAULT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,49}$/;
/** Characters that must never reach a URL path segment, even encoded. */
const UNSAFE_SEGMENT = /[?#%\\\p{Cc}]/u;

/** Throws `CONFIG_INVALID` for a vault whose parts break Azure's naming rules (they go into URLs). */
export function checkVaultConfig(vault: VaultRef): VaultRef {
  const ok =
    SUBSCRIPTION.test(vault.subscriptionId) &&
    RESOURCE_GROUP.test(vault.resourceGroup) &&
    VAULT_NAME.test(vault.name);
  if (ok) return Object.freeze({ ...vault });
  throw new KuraError(
    "CONFIG_INVALID",
    `Vault "${String(vault.name).slice(0, 60)}" is not a valid vault reference.`,
    {
      remedy:
        "Give each vault as a subscription GUID, a resource group name and a vault name (2–50 letters, digits, '-').",
    },
  );
}

/** The configured vault matching `vault`; throws `AZURE_INVALID_INPUT` for any other vault. */
export function knownVault(ctx: GatewayContext, vault: VaultRef): VaultRef {
  const found = ctx.vaults.find((v) => sameVault(v, vault));
  if (found) return found;
  throw new KuraError("AZURE_INVALID_INPUT", "That vault is not one kura is configured to use.", {
    remedy: "Add the vault to kura's configuration, or use a VM from a configured vault.",
  });
}

/**
 * The URL parts of a VM's item, re-read from its ARM id rather than trusted field by field: a
 * `ProtectedVm` may have been stored and read back.
 */
export function itemPathOf(ctx: GatewayContext, vm: ProtectedVm): { vault: VaultRef; path: ItemPath } {
  const vault = knownVault(ctx, vm.vault);
  const path = parseItemId(vm.itemId);
  const safe =
    path &&
    sameVault(
      { subscriptionId: path.subscriptionId, resourceGroup: path.resourceGroup, name: path.vaultName },
      vault,
    ) &&
    ![path.fabricName, path.containerName, path.itemName].some((s) => UNSAFE_SEGMENT.test(s));
  if (!path || !safe) {
    throw new KuraError("AZURE_INVALID_INPUT", `The protected item of ${vm.vmName} has an unexpected id.`, {
      remedy: "Look the VM up again; kura uses item ids exactly as Azure lists them.",
    });
  }
  return { vault, path };
}

/** Runs one SDK interaction, normalising every failure at this edge. */
export async function guarded<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw new KuraError("ABORTED", "The Azure call was cancelled.");
  try {
    return await fn();
  } catch (err) {
    throw toKuraError(err, signal);
  }
}

/** Collects every page of an SDK paged iterator (the SDK follows `nextLink`, ref §2a). */
export async function allPages<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}
