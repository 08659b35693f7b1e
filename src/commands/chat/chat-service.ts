/**
 * The `ChatService` every chat adapter calls: parse → authorize → decide, over the request use cases.
 * Adapters only translate platform payloads in and render `Message`s out.
 */
import type { BackupRequest, RequestStatus } from "../ports/requests.ts";
import { cancelRequest } from "../requests/cancel-request.ts";
import { decideRequest } from "../requests/decide-request.ts";
import { DEFAULT_KEEP_REQUESTS_DAYS } from "../requests/prune-history.ts";
import { requestBackup } from "../requests/request-backup.ts";
import { looksLikeRequestId } from "../requests/request-id.ts";
import type { Problem } from "../requests/result.ts";
import { checkVmRef } from "../vm-name.ts";
import {
  approvalRules,
  checkDecision,
  mayCancel,
  mayReadAudit,
  maySeeReason,
  plainActor,
} from "./approvals.ts";
import type { ChatServiceDeps } from "./deps.ts";
import { hookReply, suggestedReply } from "./hooks/dispatch.ts";
import { LIMITS, type ParsedCommand, parseCommand } from "./parse-command.ts";
import { previewPreflight } from "./preflight-preview.ts";
import { problemMessage } from "./problems.ts";
import { type FleetDeps, listReply, vmStatusReply } from "./replies/fleet.ts";
import { gcReply } from "./replies/gc.ts";
import { activeReply, auditReply, historyReply } from "./replies/lists.ts";
import { msg, problemReply, reply, usageOf } from "./replies/reply.ts";
import { requestView } from "./request-view.ts";
import type { ChatService, CommandInput, CommandReply, DecisionReply, RequestView } from "./types.ts";

const ALL_STATUSES: readonly RequestStatus[] = [
  "pending",
  "approved",
  "rejected",
  "expired",
  "running",
  "succeeded",
  "failed",
  "cancelled",
];
const DAY_MS = 86_400_000;
/** Facts that carry what people wrote (a request's reason, a rejection's): shown only to those allowed. */
const REASON_FACTS = new Set(["fact.reason", "fact.rejectionReason"]);

/** Builds the service over its ports; see `ChatServiceDeps` for what each one is for. */
export function createChatService(deps: ChatServiceDeps): ChatService {
  const { journal, clock, settings } = deps;
  // An id that is not found may be of a request removed after its retention: the message says so.
  const keepRequestsDays = settings.keepRequestsDays ?? DEFAULT_KEEP_REQUESTS_DAYS;
  const requests = journal.requests;
  const fleet: FleetDeps = {
    gateway: deps.gateway,
    requests,
    gcWindow: settings.gcWindow,
    rpLimit: settings.rpLimit,
    ...(settings.isManaged ? { isManaged: settings.isManaged } : {}),
  };

  /** A pending backup card shows what preflight would say now; later cards show what happened. */
  async function viewOf(request: BackupRequest): Promise<RequestView> {
    const now = clock.now();
    const backup = request.kind !== "snapshot"; // Azure Backup's limits do not apply to snapshots
    const preview =
      request.status === "pending" && backup ? await previewPreflight(request.vmName, now, deps) : undefined;
    return requestView(request, preview, now);
  }

  /** A failed decision or cancel, worded with what the request looks like now. */
  async function refusal(problem: Problem, requestId: string): Promise<DecisionReply> {
    const current = await requests.get(requestId);
    return {
      ok: false,
      text: problemMessage(problem, {
        id: requestId,
        keepDays: keepRequestsDays,
        ...(current ? { vm: current.vmName, status: current.status, expiresAt: current.expiresAt } : {}),
      }),
    };
  }

  async function requestCreated(input: CommandInput, command: ParsedCommand & { kind: "backup" }) {
    const created = await requestBackup(
      {
        vm: command.vm,
        ...(command.retentionDays !== undefined ? { retentionDays: command.retentionDays } : {}),
        ...(command.reason !== undefined ? { reason: command.reason } : {}),
        requester: plainActor(input.actor),
        conversation: input.conversation,
      },
      { gateway: deps.gateway, journal, clock, newId: deps.newId, settings },
    );
    if (!created.ok) {
      const usage = created.problem.code === "INVALID_RETENTION" ? usageOf("backup") : undefined;
      return problemReply(problemMessage(created.problem, { vm: command.vm }), usage);
    }
    const request = created.value;
    return { kind: "request-created" as const, request, view: await viewOf(request) };
  }

  async function status(target: string | undefined, input: CommandInput): Promise<CommandReply> {
    if (target === undefined) return activeReply(requests);
    const request = await requests.get(target);
    if (request) {
      const view = await viewOf(request);
      const lines = [...view.notes.map((note) => note.text), ...(view.progress ? [view.progress.text] : [])];
      const shown = maySeeReason(input.actor, input.conversation, request, settings.approvers)
        ? view.facts
        : view.facts.filter((fact) => !REASON_FACTS.has(fact.label.key));
      return reply(view.title, { facts: shown, lines });
    }
    if (looksLikeRequestId(target) || !checkVmRef(target).ok)
      return problemReply(
        problemMessage({ code: "REQUEST_NOT_FOUND" }, { id: target, keepDays: keepRequestsDays }),
      );
    return vmStatusReply(target, fleet, clock.now());
  }

  async function dispatch(input: CommandInput, command: ParsedCommand): Promise<CommandReply> {
    const hook = { actor: input.actor, conversation: input.conversation };
    switch (command.kind) {
      case "backup":
        return requestCreated(input, command);
      case "status":
        return status(command.target, input);
      case "list":
        return listReply(fleet, clock.now());
      case "history":
        return historyReply(requests, command.vm);
      case "cancel": {
        const result = await service.cancel({ requestId: command.requestId, actor: input.actor });
        if (!result.ok) return problemReply(result.text);
        const key = result.view.status === "cancelled" ? "reply.cancelled" : "reply.cancelRequested";
        return reply(msg(key, { id: command.requestId }));
      }
      case "gc":
        return gcReply(settings.gcWindow, clock.now());
      case "gc-open":
      case "snapshot":
        return hookReply(command, hook, deps);
      case "audit":
        if (!mayReadAudit(input.actor, settings.approvers, settings.auditors)) {
          return problemReply(problemMessage({ code: "NOT_AN_AUDITOR" }));
        }
        return auditReply(deps.audit, command.count);
      case "help":
        return command.topic
          ? reply(usageOf(command.topic))
          : reply(msg("reply.help"), { lines: [usageOf("overview")] });
    }
  }

  /** False when this platform invocation was already handled (a retry, a double click). */
  const firstTime = async (platform: string, idempotencyKey: string | undefined) =>
    idempotencyKey === undefined ||
    deps.idempotency.claim(`${platform}:${idempotencyKey}`, settings.idempotencyTtlMs ?? DAY_MS);

  const service: ChatService = {
    async handleCommand(input) {
      const parsed = parseCommand(input.text);
      if (!parsed.ok) return problemReply(parsed.problem, parsed.usage);
      if (!(await firstTime(input.actor.platform, input.idempotencyKey))) return { kind: "ignored" };
      return dispatch(input, parsed.command);
    },

    async suggested(input) {
      if (!(await firstTime(input.actor.platform, input.idempotencyKey))) return { kind: "ignored" };
      return suggestedReply(input, deps, LIMITS.gcOpenHours.default);
    },

    async decide(input) {
      // Emergency window cards share the buttons; their hook answers only for its own requests.
      const emergency = await deps.emergencyWindows?.decide(input);
      if (emergency) return emergency;
      const decision = input.approve
        ? ({ approve: true } as const)
        : ({ approve: false, ...(input.reason ? { reason: input.reason } : {}) } as const);
      const rules = approvalRules(input.actor, settings.approvers);
      const decided = await decideRequest(input.requestId, plainActor(input.actor), decision, {
        journal,
        queue: deps.queue,
        clock,
        rules,
      });
      if (!decided.ok) return refusal(decided.problem, input.requestId);
      return { ok: true, view: requestView(decided.value, undefined, clock.now()) };
    },

    async mayDecide(input) {
      const checked = await checkDecision(await requests.get(input.requestId), input, settings.approvers);
      if (checked.ok) return { ok: true, view: requestView(checked.value, undefined, clock.now()) };
      return (await deps.emergencyWindows?.mayDecide(input)) ?? refusal(checked.problem, input.requestId);
    },

    async cancel(input) {
      const cancelled = await cancelRequest(input.requestId, plainActor(input.actor), {
        journal,
        queue: deps.queue,
        clock,
        mayCancel: (_, request) => mayCancel(input.actor, request, settings.approvers),
      });
      if (!cancelled.ok) return refusal(cancelled.problem, input.requestId);
      return { ok: true, view: requestView(cancelled.value, undefined, clock.now()) };
    },

    async view(requestId, locale) {
      const request = await requests.get(requestId);
      if (request) return viewOf(request);
      return deps.emergencyWindows?.view(requestId, locale);
    },

    async attachMessage(requestId, messageRef, threadRef) {
      const request = await requests.get(requestId);
      if (!request) return;
      const conversation = { ...request.conversation, messageRef, ...(threadRef ? { threadRef } : {}) };
      // No event and no audit entry: where a card sits is bookkeeping, not something that happened.
      await journal.transition(requestId, ALL_STATUSES, { conversation });
    },
  };
  return service;
}
