/** `history`, `status` without a target, and `audit`: recent things, newest first, one line each. */
import type { AuditLog } from "../../ports/audit.ts";
import type { RequestStore } from "../../ports/requests.ts";
import { type BackupRequest, TERMINAL_STATUSES } from "../../ports/requests.ts";
import { actorName } from "../request-view.ts";
import type { CommandReply, Message } from "../types.ts";
import { msg, reply } from "./reply.ts";

const HISTORY_SIZE = 10;
/** Enough recent requests to find every one still waiting or running in a busy week. */
const ACTIVE_SCAN = 200;

export function requestLine(request: BackupRequest): Message {
  return msg("reply.requestLine", {
    id: request.id,
    vm: request.vmName,
    status: request.status,
    createdAt: request.createdAt,
    requester: actorName(request.requester),
  });
}

export async function historyReply(requests: RequestStore, vm?: string): Promise<CommandReply> {
  const found = vm ? await requests.listByVm(vm, HISTORY_SIZE) : await requests.listRecent(HISTORY_SIZE);
  if (found.length === 0) return reply(vm ? msg("reply.historyEmptyVm", { vm }) : msg("reply.historyEmpty"));
  const title = vm
    ? msg("reply.historyTitleVm", { vm, count: found.length })
    : msg("reply.historyTitle", { count: found.length });
  return reply(title, { lines: found.map(requestLine) });
}

/** Requests still waiting for a decision or running. */
export async function activeReply(requests: RequestStore): Promise<CommandReply> {
  const recent = await requests.listRecent(ACTIVE_SCAN);
  const active = recent.filter((request) => !TERMINAL_STATUSES.includes(request.status));
  if (active.length === 0) return reply(msg("reply.noActive"));
  return reply(msg("reply.activeTitle", { count: active.length }), { lines: active.map(requestLine) });
}

export async function auditReply(audit: AuditLog, count: number): Promise<CommandReply> {
  const entries = await audit.read({ count });
  if (entries.length === 0) return reply(msg("reply.auditEmpty"));
  const lines = entries.map((entry) =>
    msg("reply.auditLine", {
      at: entry.at,
      action: entry.action,
      actor: entry.actor,
      vm: entry.vmName ?? "-",
      correlationId: entry.correlationId,
    }),
  );
  return reply(msg("reply.auditTitle", { count: entries.length }), { lines });
}
