/**
 * The SDK pipeline policy that spends kura's shared ARM budget (`ArmBudget`, one bucket per
 * subscription and kind): a token before every attempt, ARM's `x-ms-ratelimit-remaining-subscription-*`
 * header after it, and on a 429 the one call waits its `Retry-After` (the budget holds every other kura
 * call in that subscription for as long) and is sent again, instead of failing the whole lifecycle step.
 */
import type { RecoveryServicesBackupClientOptionalParams } from "@azure/arm-recoveryservicesbackup";
import type { ArmBudget, ArmRequestKind } from "../commands/ports/coordination.ts";
import { currentPriority } from "./call-priority.ts";
import { retryAfterMs } from "./retry-after.ts";

type AdditionalPolicy = NonNullable<RecoveryServicesBackupClientOptionalParams["additionalPolicies"]>[number];

export interface BudgetPolicyOptions {
  /** 429s one call may retry before the answer goes back to the SDK. @defaultValue 4 */
  maxThrottleRetries?: number;
  /** A Retry-After longer than this is not waited here. @defaultValue 30000 */
  maxWaitMs?: number;
}

const SUBSCRIPTION = /\/subscriptions\/([0-9a-fA-F-]{36})(?:\/|$)/;

/** The subscription an ARM URL is scoped to (ARM's buckets are per subscription). */
export function subscriptionOf(url: string): string | undefined {
  try {
    return SUBSCRIPTION.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** ARM counts GET and HEAD as reads, everything else as writes. */
export function kindOf(method: string): ArmRequestKind {
  return method === "GET" || method === "HEAD" ? "reads" : "writes";
}

export function budgetPolicy(budget: ArmBudget, options: BudgetPolicyOptions = {}): AdditionalPolicy {
  const maxRetries = options.maxThrottleRetries ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  return {
    position: "perRetry",
    policy: {
      name: "kuraArmBudget",
      async sendRequest(request, next) {
        const subscription = subscriptionOf(request.url);
        if (!subscription) return next(request);
        const kind = kindOf(request.method);
        const signal = request.abortSignal instanceof AbortSignal ? request.abortSignal : undefined;
        for (let attempt = 0; ; attempt++) {
          await budget.take(subscription, kind, { ...currentPriority(), ...(signal ? { signal } : {}) });
          const response = await next(request);
          const remaining = count(response.headers.get(`x-ms-ratelimit-remaining-subscription-${kind}`));
          if (response.status !== 429) {
            // Best effort and off the call's path: the next take sees it a moment later at worst.
            if (remaining !== undefined) void budget.observe(subscription, kind, { remaining });
            return response;
          }
          const wait = retryAfterMs(response.headers) ?? 1_000;
          // Awaited: the retry below must find the bucket already emptied for Retry-After.
          await budget.observe(subscription, kind, { remaining: remaining ?? 0, retryAfterMs: wait });
          if (attempt >= maxRetries || wait > maxWaitMs || signal?.aborted) return response;
        }
      },
    },
  };
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}
