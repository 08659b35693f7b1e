/**
 * `/backup list` and `/backup status <vm>`: VMs as Azure has them now, with kura's view of them
 * (restore points against the limit, the last request, the next GC window).
 */
import { isKuraError } from "../../errors.ts";
import type { BackupGateway, ProtectedVm } from "../../ports/backup-gateway.ts";
import type { RequestStore } from "../../ports/requests.ts";
import { type GcWindowConfig, nextWindow } from "../../schedule/gc-window.ts";
import { errorMessage } from "../problems.ts";
import type { CommandReply, Fact, Message } from "../types.ts";
import { gcScheduleFact } from "./gc.ts";
import { fact, msg, problemReply, reply } from "./reply.ts";

export interface FleetDeps {
  gateway: BackupGateway;
  requests: RequestStore;
  gcWindow: GcWindowConfig;
  rpLimit: number;
  isManaged?: (vmName: string) => boolean;
}

/** Restore point counts are one ARM read per VM; a few at a time keeps a big fleet under ARM's limits. */
const PARALLEL_READS = 8;

export async function listReply(deps: FleetDeps, now: Date): Promise<CommandReply> {
  let vms: ProtectedVm[];
  try {
    vms = (await deps.gateway.listProtectedVms()).filter((vm) => deps.isManaged?.(vm.vmName) ?? true);
  } catch (error) {
    return problemReply(errorMessage(error));
  }
  if (vms.length === 0) return reply(msg("reply.listEmpty"));
  vms.sort((a, b) => a.vmName.localeCompare(b.vmName));
  const lines: Message[] = new Array(vms.length);
  for (let start = 0; start < vms.length; start += PARALLEL_READS) {
    const batch = vms.slice(start, start + PARALLEL_READS);
    const rendered = await Promise.all(batch.map((vm) => vmLine(vm, deps)));
    rendered.forEach((line, i) => {
      lines[start + i] = line;
    });
  }
  const next = nextWindow(deps.gcWindow, now);
  const facts = [
    gcScheduleFact(deps.gcWindow),
    fact("fact.nextGcWindow", msg("value.time", { at: next.opensAt.toISOString() })),
  ];
  return reply(msg("reply.listTitle", { count: vms.length }), { facts, lines });
}

async function vmLine(vm: ProtectedVm, deps: FleetDeps): Promise<Message> {
  const base = { vm: vm.vmName, state: vm.protectionState, limit: deps.rpLimit };
  let count: number;
  try {
    count = await deps.gateway.countInstantRestorePoints(vm);
  } catch (error) {
    if (!isKuraError(error)) throw error;
    return msg("reply.listLineUnknown", { ...base, code: error.code });
  }
  return vm.lastBackupTime
    ? msg("reply.listLine", { ...base, count, lastBackup: vm.lastBackupTime.toISOString() })
    : msg("reply.listLineNever", { ...base, count });
}

/** One VM: protection state, last backup, restore points, policy, last request, next GC window. */
export async function vmStatusReply(name: string, deps: FleetDeps, now: Date): Promise<CommandReply> {
  let vm: ProtectedVm;
  let count: number;
  try {
    vm = await deps.gateway.findVm(name);
    count = await deps.gateway.countInstantRestorePoints(vm);
  } catch (error) {
    return problemReply(errorMessage(error, { vm: name }));
  }
  const [last] = await deps.requests.listByVm(vm.vmName, 1);
  const facts: Fact[] = [
    fact("fact.protection", msg("value.protection", { state: vm.protectionState })),
    fact(
      "fact.lastBackup",
      vm.lastBackupTime ? msg("value.time", { at: vm.lastBackupTime.toISOString() }) : msg("value.never"),
    ),
    fact(
      "fact.restorePoints",
      msg("value.restorePoints", { count, limit: deps.rpLimit, headroom: Math.max(0, deps.rpLimit - count) }),
    ),
  ];
  if (vm.policyName) facts.push(fact("fact.policy", vm.policyName));
  facts.push(fact("fact.vault", `${vm.vault.name} (${vm.vault.resourceGroup})`));
  if (last) facts.push(fact("fact.lastRequest", msg("value.request", { id: last.id, status: last.status })));
  const next = nextWindow(deps.gcWindow, now);
  facts.push(fact("fact.nextGcWindow", msg("value.time", { at: next.opensAt.toISOString() })));
  return reply(msg("reply.vmStatus", { vm: vm.vmName, state: vm.protectionState }), { facts });
}
