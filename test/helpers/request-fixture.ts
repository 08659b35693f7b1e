import type { BackupRequest } from "../../src/commands/ports/requests.ts";

/**
 * A request as the store holds it, for tests that write one straight into the store: a pending
 * request of web-01 made in Slack at `createdAt` (an hour to decide), with `overrides` on top.
 */
export function requestFixture(
  id: string,
  overrides: Partial<BackupRequest> = {},
  createdAt = new Date(),
): BackupRequest {
  return {
    id,
    vmName: "web-01",
    vault: { subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroup: "rg", name: "vault" },
    retentionDays: 7,
    requester: { platform: "slack", id: "U1" },
    conversation: { platform: "slack", channelId: "C1" },
    createdAt: createdAt.toISOString(),
    expiresAt: new Date(createdAt.getTime() + 3_600_000).toISOString(),
    status: "pending",
    version: 1,
    ...overrides,
  };
}
