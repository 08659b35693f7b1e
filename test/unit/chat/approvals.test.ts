import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isApprover, mayCancel } from "../../../src/commands/chat/approvals.ts";
import type { ApproverSettings } from "../../../src/commands/chat/deps.ts";
import type { BackupRequest } from "../../../src/commands/ports/requests.ts";

const request = (vmName: string, channelId: string): BackupRequest => ({
  id: "b-1",
  vmName,
  vault: { subscriptionId: "s", resourceGroup: "rg", name: "v" },
  retentionDays: 7,
  requester: { platform: "slack", id: "UALICE001" },
  conversation: { platform: "slack", channelId },
  createdAt: "2026-11-26T03:00:00.000Z",
  expiresAt: "2026-11-26T04:00:00.000Z",
  status: "pending",
  version: 1,
});
const actor = (id: string, groups: string[] = []) => ({ platform: "slack", id, groups });

const settings: ApproverSettings = {
  users: ["slack:UBOB00001"],
  groups: ["slack:SOPS00001"],
  allowSelfApproval: false,
  byChannel: { CDB: { users: ["slack:UDBA00001"], groups: [] } },
  byVm: { "DB-01": { users: ["slack:UDBLEAD01"], groups: ["slack:SDBA00001"] } },
};

describe("approver rules", () => {
  it("the global list applies where nothing more specific is configured", () => {
    assert.equal(isApprover(actor("UBOB00001"), request("web-01", "C1"), settings), true);
    assert.equal(isApprover(actor("UX", ["SOPS00001"]), request("web-01", "C1"), settings), true);
    assert.equal(isApprover(actor("UDBA00001"), request("web-01", "C1"), settings), false);
  });

  it("a channel's rule replaces the global list for requests made there", () => {
    assert.equal(isApprover(actor("UDBA00001"), request("web-01", "CDB"), settings), true);
    assert.equal(isApprover(actor("UBOB00001"), request("web-01", "CDB"), settings), false);
  });

  it("a VM's rule wins over the channel and global ones (VM names case-insensitive)", () => {
    assert.equal(isApprover(actor("UDBLEAD01"), request("db-01", "CDB"), settings), true);
    assert.equal(isApprover(actor("UX", ["SDBA00001"]), request("db-01", "C1"), settings), true);
    assert.equal(isApprover(actor("UDBA00001"), request("db-01", "CDB"), settings), false);
    assert.equal(isApprover(actor("UBOB00001"), request("db-01", "C1"), settings), false);
  });

  it("identities are compared with their platform: the same id on another platform is not an approver", () => {
    const teams = { platform: "teams", id: "UBOB00001", groups: ["SOPS00001"] };
    assert.equal(isApprover(teams, request("web-01", "C1"), settings), false);
    const both: ApproverSettings = { ...settings, users: ["slack:UBOB00001", "teams:UBOB00001"] };
    assert.equal(isApprover(teams, request("web-01", "C1"), both), true);
  });

  it("nobody approves when nothing is configured", () => {
    const none: ApproverSettings = { users: [], groups: [], allowSelfApproval: true };
    assert.equal(isApprover(actor("UBOB00001", ["SOPS00001"]), request("web-01", "C1"), none), false);
  });

  it("the requester or an approver may cancel", () => {
    assert.equal(mayCancel(actor("UALICE001"), request("web-01", "C1"), settings), true);
    assert.equal(mayCancel(actor("UBOB00001"), request("web-01", "C1"), settings), true);
    assert.equal(mayCancel(actor("UEVE00001"), request("web-01", "C1"), settings), false);
    assert.equal(mayCancel({ platform: "teams", id: "UALICE001" }, request("web-01", "C1"), settings), false);
  });
});
