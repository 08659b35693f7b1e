import { ComputeStore } from "../compute/model.ts";
import type { Item, Job, Operation, Policy, Vault } from "./model.ts";

/**
 * Indexed state. Lists keep insertion order; jobs are appended in virtual-time order (the simulation never
 * goes backwards), so "newest first" is a reverse walk with no sorting.
 */
export class Store {
  readonly vaults = new Map<string, Vault>();
  readonly policies = new Map<string, Policy>();
  readonly items = new Map<string, Item>();
  readonly itemsByVault = new Map<string, Item[]>();
  readonly jobs = new Map<string, Job>();
  readonly jobsByVault = new Map<string, Job[]>();
  readonly operations = new Map<string, Operation>();
  /** VMs, disks and snapshots (the disk snapshot alternative). */
  readonly compute = new ComputeStore();
  #rpSeq = 0;

  addVault(vault: Vault): void {
    this.vaults.set(vault.key, vault);
    this.itemsByVault.set(vault.key, []);
    this.jobsByVault.set(vault.key, []);
  }

  addItem(item: Item): void {
    this.items.set(item.key, item);
    this.itemsByVault.get(item.vaultKey)?.push(item);
  }

  addJob(job: Job): void {
    this.jobs.set(job.id, job);
    this.jobsByVault.get(job.vaultKey)?.push(job);
  }

  policiesOf(vaultKey: string): Policy[] {
    return [...this.policies.values()].filter((p) => p.vaultKey === vaultKey);
  }

  policy(vaultKey: string, name: string): Policy | undefined {
    return this.policies.get(`${vaultKey}/${name.toLowerCase()}`);
  }

  /** A 14-digit numeric recovery point name, like EX:RecoveryPoints_List's `22244821112382`. */
  nextRecoveryPointId(): string {
    this.#rpSeq += 1;
    return String(22_000_000_000_000 + this.#rpSeq * 7_919);
  }
}
