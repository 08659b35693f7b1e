/**
 * Wires the chat core (`ChatService`) from configuration and the runtime's adapters. Every chat
 * adapter (Slack, Teams, a web console) is handed this one service.
 */
import { randomBytes } from "node:crypto";
import { createChatService } from "../commands/chat/chat-service.ts";
import type { ApproverSettings, ChatServiceDeps } from "../commands/chat/deps.ts";
import { createEmergencyWindowCommands } from "../commands/chat/hooks/emergency.ts";
import { createSnapshotCommands } from "../commands/chat/hooks/snapshot.ts";
import type { ChatService } from "../commands/chat/types.ts";
import type { EmergencyDeps } from "../commands/gc/emergency-window.ts";
import type { LifecycleSettings } from "../commands/lifecycle/context.ts";
import type { ComputeGateway } from "../commands/ports/compute-gateway.ts";
import { requestIdFrom } from "../commands/requests/request-id.ts";
import { DEFAULT_KEEP_DAYS } from "../commands/snapshot/request-snapshot.ts";
import type { KuraConfig } from "../config.ts";
import type { RedisClient } from "../store/redis-connection.ts";
import { RedisIdempotency } from "../store/redis-idempotency.ts";
import { consoleSetup } from "./console-setup.ts";

export interface ChatParts
  extends Pick<ChatServiceDeps, "gateway" | "journal" | "queue" | "audit" | "clock"> {
  redis: RedisClient;
  /** Turns on `/backup snapshot` (VM power state, disks, snapshots). */
  compute?: ComputeGateway;
  /** Turns on `/backup gc open` and its card (runtime.gc.emergency). */
  emergency?: EmergencyDeps;
  lifecycle: LifecycleSettings;
  isManaged(vmName: string): boolean;
}

function newRequestId(): string {
  return requestIdFrom(randomBytes(5).toString("hex"));
}

export function createChat(config: Readonly<KuraConfig>, parts: ChatParts): ChatService {
  const { lifecycle } = parts;
  const requestTtlMs = config.requests.ttlMinutes * 60_000;
  // Qualified by platform (`slack:U0123`, `teams:…`), as the core's rules compare them.
  const approvers: ApproverSettings = {
    // In local mode the console's embedded people add their approver (`console:ben`).
    users: [...config.approvers.users, ...consoleSetup(config).approvers],
    groups: config.approvers.groups,
    allowSelfApproval: config.approvers.allowSelfApproval,
  };
  const snapshots = parts.compute
    ? createSnapshotCommands({
        gateway: parts.gateway,
        compute: parts.compute,
        journal: parts.journal,
        clock: parts.clock,
        newId: newRequestId,
        settings: { defaultKeepDays: DEFAULT_KEEP_DAYS, requestTtlMs, isManaged: parts.isManaged },
      })
    : undefined;
  const emergencyWindows = parts.emergency
    ? createEmergencyWindowCommands(parts.emergency, approvers)
    : undefined;
  return createChatService({
    gateway: parts.gateway,
    journal: parts.journal,
    queue: parts.queue,
    audit: parts.audit,
    clock: parts.clock,
    idempotency: new RedisIdempotency({ redis: parts.redis, prefix: config.redis.prefix }),
    newId: newRequestId,
    ...(emergencyWindows ? { emergencyWindows } : {}),
    ...(snapshots ? { snapshots } : {}),
    settings: {
      defaultRetentionDays: config.requests.retentionDaysDefault,
      requestTtlMs,
      idempotencyTtlMs: config.retention.idempotencyHours * 3_600_000,
      keepRequestsDays: config.retention.requestsDays,
      rpLimit: lifecycle.rpLimit,
      rpWarnThreshold: lifecycle.rpWarnThreshold,
      scheduleMargin: lifecycle.scheduleMargin,
      dailyOnDemandLimit: lifecycle.dailyOnDemandLimit,
      fallbackPolicyByVault: lifecycle.fallbackPolicyByVault,
      gcWindow: {
        timeZone: config.gc.timeZone,
        openDay: config.gc.openDay,
        openTime: config.gc.openTime,
        durationHours: config.gc.durationHours,
      },
      approvers,
      auditors: { users: config.auditors.users, groups: config.auditors.groups },
      isManaged: parts.isManaged,
    },
  });
}
