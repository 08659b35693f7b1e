/**
 * A whole kura (emulator + real Redis, wired by src/compose) with approvers configured through a real
 * config file, and the chat actors the tests play.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { ChatActor, CommandInput } from "../../../src/commands/chat/types.ts";
import { type KuraStack, startKuraStack } from "../../helpers/kura-stack.ts";

export const ALICE: ChatActor = { platform: "slack", id: "UALICE001", name: "alice" };
/** A listed approver. */
export const BOB: ChatActor = { platform: "slack", id: "UBOB00001", name: "bob" };
/** Another listed approver. */
export const CAROL: ChatActor = { platform: "slack", id: "UCAROL001", name: "carol" };
/** An approver only through the ops user group. */
export const DAVE: ChatActor = { platform: "slack", id: "UDAVE0001", name: "dave", groups: ["SOPS00001"] };

/** An auditor (when the stack is started with one): may read the audit trail, not approve. */
export const FRANK: ChatActor = { platform: "slack", id: "UFRANK001", name: "frank" };

/** Neither requester of the request at hand nor approver. */
export const EVE: ChatActor = { platform: "slack", id: "UEVE00001", name: "eve" };

export const CHANNEL = { platform: "slack", channelId: "C0OPS" };

export async function startChatStack(
  t: TestContext,
  options: { start?: string; allowSelfApproval?: boolean; managedVms?: string[]; auditors?: string[] } = {},
): Promise<KuraStack> {
  const dir = await mkdtemp(join(tmpdir(), "kura-chat-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "kura.yaml");
  await writeFile(
    file,
    [
      "approvers:",
      `  users: [slack:${BOB.id}, slack:${CAROL.id}]`,
      "  groups: [slack:SOPS00001]",
      `  allowSelfApproval: ${options.allowSelfApproval ?? false}`,
      ...(options.managedVms ? [`managedVms: [${options.managedVms.join(", ")}]`] : []),
      ...(options.auditors
        ? ["auditors:", `  users: [${options.auditors.map((id) => `slack:${id}`).join(", ")}]`]
        : []),
      "",
    ].join("\n"),
  );
  return startKuraStack(t, {
    env: { KURA_CONFIG_FILE: file },
    ...(options.start ? { start: options.start } : {}),
  });
}

export function command(text: string, actor: ChatActor = ALICE, idempotencyKey?: string): CommandInput {
  return { text, actor, conversation: CHANNEL, ...(idempotencyKey ? { idempotencyKey } : {}) };
}
