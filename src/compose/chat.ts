/**
 * Wires the chat core (`ChatService`) from configuration and the runtime's adapters. Every chat
 * adapter (Slack, Teams, a web console) is handed this one service.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { createChatService } from "../commands/chat/chat-service.ts";
import type { ChatServiceDeps } from "../commands/chat/deps.ts";
import type { ChatService } from "../commands/chat/types.ts";
import type { LifecycleSettings } from "../commands/lifecycle/context.ts";
import type { KuraConfig } from "../config.ts";
import { RedisIdempotency } from "../store/redis-idempotency.ts";

export interface ChatParts
  extends Pick<
    ChatServiceDeps,
    "gateway" | "journal" | "queue" | "audit" | "clock" | "emergencyWindows" | "snapshots"
  > {
  redis: Redis;
  lifecycle: LifecycleSettings;
  isManaged(vmName: string): boolean;
}

/** Request ids people can type: `b-` and 10 hex digits (a trillion ids; collisions are refused by the store). */
export function newRequestId(): string {
  return `b-${randomBytes(5).toString("hex")}`;
}

export function createChat(config: Readonly<KuraConfig>, parts: ChatParts): ChatService {
  const { lifecycle } = parts;
  return createChatService({
    gateway: parts.gateway,
    journal: parts.journal,
    queue: parts.queue,
    audit: parts.audit,
    clock: parts.clock,
    idempotency: new RedisIdempotency({ redis: parts.redis, prefix: config.redis.prefix }),
    newId: newRequestId,
    ...(parts.emergencyWindows ? { emergencyWindows: parts.emergencyWindows } : {}),
    ...(parts.snapshots ? { snapshots: parts.snapshots } : {}),
    settings: {
      defaultRetentionDays: config.requests.retentionDaysDefault,
      requestTtlMs: config.requests.ttlMinutes * 60_000,
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
      // Slack ids today; Teams adds its own lists to the config with its issue.
      approvers: {
        users: config.approvers.slackUsers,
        groups: config.approvers.slackGroups,
        allowSelfApproval: config.approvers.allowSelfApproval,
      },
      isManaged: parts.isManaged,
    },
  });
}
