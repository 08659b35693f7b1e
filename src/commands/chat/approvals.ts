/**
 * Who may decide and who may cancel. The most specific configured rule wins: the VM's, else the
 * channel's, else the global list. No rule matching means no approver: deny by default.
 */

import type { Actor, BackupRequest } from "../ports/requests.ts";
import { type ApprovalRules, decisionProblem } from "../requests/decide-request.ts";
import { fail, ok, type Result } from "../requests/result.ts";
import type { ApproverRule, ApproverSettings } from "./deps.ts";
import type { ChatActor } from "./types.ts";

/** What the rules look at: a backup request, or an emergency window request (same shape here). */
export type Approvable = Pick<BackupRequest, "vmName" | "conversation" | "requester">;

export function ruleFor(request: Approvable, settings: ApproverSettings): ApproverRule {
  const vmName = request.vmName.toLowerCase();
  const byVm = Object.entries(settings.byVm ?? {}).find(([name]) => name.toLowerCase() === vmName)?.[1];
  return byVm ?? settings.byChannel?.[request.conversation.channelId] ?? settings;
}

/** `slack:U0123`: an id as the approver lists hold it, so one platform's id never matches another's. */
export const qualifiedId = (platform: string, id: string): string => `${platform}:${id}`;

export function isApprover(actor: ChatActor, request: Approvable, settings: ApproverSettings): boolean {
  const rule = ruleFor(request, settings);
  if (rule.users.includes(qualifiedId(actor.platform, actor.id))) return true;
  return (actor.groups ?? []).some((group) => rule.groups.includes(qualifiedId(actor.platform, group)));
}

/** The rules `decideRequest` applies, for this actor (the adapter resolved their groups). */
export function approvalRules(actor: ChatActor, settings: ApproverSettings): ApprovalRules {
  return {
    isApprover: (_: Actor, request: BackupRequest) => isApprover(actor, request, settings),
    allowSelfApproval: settings.allowSelfApproval,
  };
}

/**
 * Whether this actor may make this decision on a backup request now, by the same guard the decision
 * itself applies; the request back if so. Decides nothing.
 */
export async function checkDecision(
  request: BackupRequest | undefined,
  input: { requestId: string; actor: ChatActor; approve: boolean },
  settings: ApproverSettings,
): Promise<Result<BackupRequest>> {
  if (!request) return fail("REQUEST_NOT_FOUND", `No backup request ${input.requestId}.`);
  const rules = approvalRules(input.actor, settings);
  const problem = await decisionProblem(request, plainActor(input.actor), input.approve, rules);
  return problem ? { ok: false, problem } : ok(request);
}

/** The requester may cancel their own request; an approver of it may cancel anyone's. */
export function mayCancel(actor: ChatActor, request: BackupRequest, settings: ApproverSettings): boolean {
  const own = actor.platform === request.requester.platform && actor.id === request.requester.id;
  return own || isApprover(actor, request, settings);
}

/** The core's `Actor` (what is stored on a request): no groups or locale. */
export function plainActor(actor: ChatActor): Actor {
  return { platform: actor.platform, id: actor.id, ...(actor.name ? { name: actor.name } : {}) };
}

function inRule(actor: ChatActor, rule: ApproverRule): boolean {
  if (rule.users.includes(qualifiedId(actor.platform, actor.id))) return true;
  return (actor.groups ?? []).some((group) => rule.groups.includes(qualifiedId(actor.platform, group)));
}

/**
 * The audit trail (who asked, who decided, every Azure write) is for approvers (of any rule: global,
 * a channel's or a VM's) and configured auditors only.
 */
export function mayReadAudit(actor: ChatActor, settings: ApproverSettings, auditors?: ApproverRule): boolean {
  const rules = [settings, ...Object.values(settings.byChannel ?? {}), ...Object.values(settings.byVm ?? {})];
  return rules.some((rule) => inRule(actor, rule)) || (auditors !== undefined && inRule(actor, auditors));
}

/**
 * A request's reason is for people who could see its card (in its conversation), its requester, and
 * those who may decide on it; anyone else asking `/backup status <id>` gets the card without it.
 */
export function maySeeReason(
  actor: ChatActor,
  where: { platform: string; channelId: string },
  request: Approvable,
  settings: ApproverSettings,
): boolean {
  const sameConversation =
    where.platform === request.conversation.platform && where.channelId === request.conversation.channelId;
  const own = actor.platform === request.requester.platform && actor.id === request.requester.id;
  return sameConversation || own || isApprover(actor, request, settings);
}
