/**
 * `/backup gc open <vm> [48h]` and the emergency window card's buttons, over the use cases in
 * src/commands/gc/emergency-window.ts. The same approver rules as backups (VM over channel over
 * global, no self-approval unless configured) decide who may approve.
 */
import { decideEmergencyWindow, type EmergencyDeps, openEmergencyWindow } from "../../gc/emergency-window.ts";
import type { EmergencyRequest } from "../../gc/ports.ts";
import { decisionProblem } from "../../requests/decide-request.ts";
import type { Problem } from "../../requests/result.ts";
import { isApprover, plainActor } from "../approvals.ts";
import type { ApproverSettings, EmergencyWindowCommands } from "../deps.ts";
import { emergencyView } from "../emergency-view.ts";
import { LIMITS } from "../parse/command.ts";
import { problemMessage } from "../problems.ts";
import { msg, problemReply, usageOf } from "../replies/reply.ts";
import type { DecisionReply, Message } from "../types.ts";

export function createEmergencyWindowCommands(
  deps: EmergencyDeps,
  approvers: ApproverSettings,
): EmergencyWindowCommands {
  /** A refusal, worded with what the request looks like now. */
  const refusal = async (problem: Problem, request: EmergencyRequest): Promise<DecisionReply> => {
    const current = (await deps.store.get(request.id)) ?? request;
    return {
      ok: false,
      text: problemMessage(problem, {
        id: request.id,
        vm: current.vmName,
        status: current.status,
        expiresAt: current.expiresAt,
      }),
    };
  };
  return {
    async open(input) {
      const opened = await openEmergencyWindow(
        {
          vm: input.vm,
          hours: input.hours,
          ...(input.reason ? { reason: input.reason } : {}),
          requester: plainActor(input.actor),
          conversation: input.conversation,
        },
        deps,
      );
      if (!opened.ok) {
        const usage = opened.problem.code === "INVALID_WINDOW_HOURS" ? usageOf("gc") : undefined;
        return problemReply(openProblem(opened.problem, input.vm), usage);
      }
      const request = opened.value;
      return { kind: "emergency-requested", request, view: emergencyView(request, deps.clock.now()) };
    },

    async decide(input) {
      const request = await deps.store.get(input.requestId);
      if (!request) return undefined;
      const decision = input.approve
        ? ({ approve: true } as const)
        : ({ approve: false, ...(input.reason ? { reason: input.reason } : {}) } as const);
      const rules = {
        isApprover: () => isApprover(input.actor, request, approvers),
        allowSelfApproval: approvers.allowSelfApproval,
      };
      const decided = await decideEmergencyWindow(request.id, plainActor(input.actor), decision, {
        ...deps,
        rules,
      });
      if (decided.ok) return { ok: true, view: emergencyView(decided.value, deps.clock.now()) };
      return refusal(decided.problem, request);
    },

    async mayDecide(input) {
      const request = await deps.store.get(input.requestId);
      if (!request) return undefined;
      const problem = await decisionProblem(request, plainActor(input.actor), input.approve, {
        isApprover: () => isApprover(input.actor, request, approvers),
        allowSelfApproval: approvers.allowSelfApproval,
      });
      if (problem) return refusal(problem, request);
      return { ok: true, view: emergencyView(request, deps.clock.now()) };
    },

    async view(requestId) {
      const request = await deps.store.get(requestId);
      return request ? emergencyView(request, deps.clock.now()) : undefined;
    },
  };
}

function openProblem(problem: Problem, vm: string): Message {
  if (problem.code === "INVALID_WINDOW_HOURS") {
    const { min, max } = LIMITS.gcOpenHours;
    return msg("parse.badGcHours", { min, max });
  }
  return problemMessage(problem, { vm });
}
