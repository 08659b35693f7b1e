/** What the chat service is built from: ports, settings, and hooks for commands other issues add. */
import type { PreflightSettings } from "../lifecycle/preflight.ts";
import type { AuditLog } from "../ports/audit.ts";
import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { IdempotencyStore } from "../ports/idempotency.ts";
import type { LifecycleQueue } from "../ports/queues.ts";
import type { Conversation } from "../ports/requests.ts";
import type { RequestJournal } from "../requests/journal.ts";
import type { GcWindowConfig } from "../schedule/gc-window.ts";
import type { ChatActor, CommandReply, DecisionInput, DecisionReply, Locale, RequestView } from "./types.ts";

/**
 * Who may approve, qualified by platform: users (`slack:U0123`, `teams:<AAD object id>`,
 * `console:<person>`) and groups (`slack:S0123`) matched against the group ids the adapter resolved
 * onto the actor (unqualified there: an actor's groups are always of its own platform).
 */
export interface ApproverRule {
  users: readonly string[];
  groups: readonly string[];
}

export interface ApproverSettings extends ApproverRule {
  allowSelfApproval: boolean;
  /** Replaces the global rule for requests made in a channel (key: the conversation's channel id). */
  byChannel?: Readonly<Record<string, ApproverRule>>;
  /** Replaces the global and channel rules for one VM (key: VM name, case-insensitive). */
  byVm?: Readonly<Record<string, ApproverRule>>;
}

export interface ChatSettings extends PreflightSettings {
  defaultRetentionDays: number;
  requestTtlMs: number;
  gcWindow: GcWindowConfig;
  approvers: ApproverSettings;
  /** Who may read the audit trail besides approvers. @defaultValue nobody else */
  auditors?: ApproverRule;
  isManaged?: (vmName: string) => boolean;
  /** Per vault, the policy to resume with when Azure's item names none (as the worker uses). */
  fallbackPolicyByVault?: Readonly<Record<string, string>>;
  /**
   * How long an invocation's idempotency key is remembered.
   * @defaultValue 24 h (well past any platform's retries)
   */
  idempotencyTtlMs?: number;
  /**
   * Days an ended request is kept before the worker removes it (`KURA_KEEP_REQUESTS_DAYS`): named
   * when an id is not found, since it may be one that was removed.
   * @defaultValue DEFAULT_KEEP_REQUESTS_DAYS
   */
  keepRequestsDays?: number;
}

/** Context every hooked command receives. */
export interface HookContext {
  actor: ChatActor;
  conversation: Conversation;
}

/**
 * `/backup gc open <vm> [48h]` and its card (src/commands/chat/hooks/emergency.ts). The service sends
 * every decision and view here first; `undefined` means "not an emergency window request".
 */
export interface EmergencyWindowCommands {
  open(input: HookContext & { vm: string; hours: number; reason?: string }): Promise<CommandReply>;
  decide(input: DecisionInput): Promise<DecisionReply | undefined>;
  /** `ChatService.mayDecide` for emergency window requests; `undefined` for any other id. */
  mayDecide(input: Omit<DecisionInput, "reason">): Promise<DecisionReply | undefined>;
  view(requestId: string, locale: Locale): Promise<RequestView | undefined>;
}

/** `/backup snapshot <vm> [--keep 7d]` (src/commands/chat/hooks/snapshot.ts). */
export interface SnapshotCommands {
  take(input: HookContext & { vm: string; keepDays?: number }): Promise<CommandReply>;
}

export interface ChatServiceDeps {
  gateway: BackupGateway;
  journal: RequestJournal;
  queue: LifecycleQueue;
  audit: AuditLog;
  clock: Clock;
  idempotency: IdempotencyStore;
  newId: () => string;
  settings: ChatSettings;
  /** Absent where the composition root has no GC runtime: the command answers "not available". */
  emergencyWindows?: EmergencyWindowCommands;
  /** Absent where the composition root has no compute gateway: the command answers "not available". */
  snapshots?: SnapshotCommands;
}
