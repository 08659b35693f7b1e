/**
 * Commands and buttons served by hooks (`gc open`, `snapshot`, a notice's suggested action), or
 * "not available yet" in a kura wired without them.
 */
import type { ChatServiceDeps, HookContext } from "../deps.ts";
import type { ParsedCommand } from "../parse-command.ts";
import { msg, problemReply } from "../replies/reply.ts";
import type { CommandReply, SuggestedActionInput } from "../types.ts";

type Hooks = Pick<ChatServiceDeps, "emergencyWindows" | "snapshots">;

export function hookReply(
  command: Extract<ParsedCommand, { kind: "gc-open" | "snapshot" }>,
  context: HookContext,
  hooks: Hooks,
): Promise<CommandReply> {
  if (command.kind === "gc-open") {
    return hooks.emergencyWindows
      ? hooks.emergencyWindows.open({ ...context, vm: command.vm, hours: command.hours })
      : Promise.resolve(problemReply(msg("problem.notAvailableYet", { command: "gc open" })));
  }
  return hooks.snapshots
    ? hooks.snapshots.take({
        ...context,
        vm: command.vm,
        ...(command.keepDays !== undefined ? { keepDays: command.keepDays } : {}),
      })
    : Promise.resolve(problemReply(msg("problem.notAvailableYet", { command: "snapshot" })));
}

/** The one suggested action today: an emergency window for the notice's VM, of the default length. */
export function suggestedReply(
  input: SuggestedActionInput,
  hooks: Hooks,
  hours: number,
): Promise<CommandReply> {
  const context = { actor: input.actor, conversation: input.conversation };
  return hookReply({ kind: "gc-open", vm: input.vm, hours }, context, hooks);
}
