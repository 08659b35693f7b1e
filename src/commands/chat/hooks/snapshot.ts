/**
 * `/backup snapshot <vm> [--keep 7d]` over `requestSnapshot`: a pending `kind: "snapshot"` request
 * whose card the notifier posts and whose buttons go through the normal `decideRequest`. A VM that
 * is not deallocated is refused at once, with why (crash consistency) and what to do instead.
 */
import type { Problem } from "../../requests/result.ts";
import { type RequestSnapshotDeps, requestSnapshot } from "../../snapshot/request-snapshot.ts";
import { plainActor } from "../approvals.ts";
import type { SnapshotCommands } from "../deps.ts";
import { LIMITS } from "../parse/command.ts";
import { problemMessage } from "../problems.ts";
import { msg, problemReply, reply, usageOf } from "../replies/reply.ts";
import { requestView } from "../request-view.ts";
import type { CommandReply } from "../types.ts";

export function createSnapshotCommands(deps: RequestSnapshotDeps): SnapshotCommands {
  return {
    async take(input) {
      const created = await requestSnapshot(
        {
          vm: input.vm,
          ...(input.keepDays !== undefined ? { keepDays: input.keepDays } : {}),
          requester: plainActor(input.actor),
          conversation: input.conversation,
        },
        deps,
      );
      if (!created.ok) return refusal(created.problem, input.vm);
      const request = created.value;
      return { kind: "request-created", request, view: requestView(request, undefined, deps.clock.now()) };
    },
  };
}

function refusal(problem: Problem, vm: string): CommandReply {
  switch (problem.code) {
    case "SNAPSHOT_VM_NOT_DEALLOCATED":
      return reply(msg("problem.SNAPSHOT_VM_NOT_DEALLOCATED", { vm }), {
        lines: [msg("remedy.SNAPSHOT_VM_NOT_DEALLOCATED", { vm })],
      });
    case "INVALID_KEEP": {
      const { min, max } = LIMITS.snapshotKeepDays;
      return problemReply(msg("parse.badKeep", { min, max }), usageOf("snapshot"));
    }
    default:
      return problemReply(problemMessage(problem, { vm }));
  }
}
