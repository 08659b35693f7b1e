/**
 * Where the emulator is as unkind as ARM: unknown scopes answer ARM's own 404 codes, request ids never
 * repeat across starts, and writes can take effect and still answer 500, 503 (with Retry-After) or a
 * connection cut mid-response — the ambiguous cases a real client meets.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Harness, harness, names, POLICY_ID, RG, SUB, VAULT_PATH } from "./helpers.ts";

const API = "api-version=2023-06-01";
const err = (body: unknown) => (body as { error: { code: string; message: string } }).error;
const n = names("rg-kura-web", "web-01");
const ITEM = `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/${encodeURIComponent(n.container)}/protectedItems/${encodeURIComponent(n.item)}`;
const RESUME = {
  properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID },
};

async function itemState(
  h: Harness,
): Promise<{ protectionState: string; pendingOperationId: string | null }> {
  const state = await h.admin<{
    vaults: { items: { vmName: string; protectionState: string; pendingOperationId: string | null }[] }[];
  }>("GET", "state");
  const item = state.vaults.flatMap((v) => v.items).find((i) => i.vmName === "web-01");
  assert.ok(item);
  return item;
}

describe("emulator: ARM's answers for unknown scopes and ambiguous faults", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  it("an unknown resource group is ResourceGroupNotFound, an unknown subscription SubscriptionNotFound", async () => {
    const group = await h.raw("GET", `${VAULT_PATH.replace(RG, "rg-nope")}/backupJobs?${API}`);
    assert.equal(group.status, 404);
    assert.deepEqual(err(group.json), {
      code: "ResourceGroupNotFound",
      message: "Resource group 'rg-nope' could not be found.",
    });
    const other = "99999999-0000-0000-0000-000000000009";
    const sub = await h.raw("GET", `${VAULT_PATH.replace(SUB, other)}/backupJobs?${API}`);
    assert.equal(sub.status, 404);
    assert.deepEqual(err(sub.json), {
      code: "SubscriptionNotFound",
      message: `The subscription '${other}' could not be found.`,
    });
    // A missing vault in a group that exists is still the resource's own 404.
    const vault = await h.raw("GET", `${VAULT_PATH.replace(/vaults\/.*/, "vaults/nope")}/backupJobs?${API}`);
    assert.equal(err(vault.json).code, "ResourceNotFound");
  });

  it("x-ms-request-id values are unique, also from one emulator start to the next", async () => {
    const second = await harness();
    try {
      const ids = [];
      for (const target of [h, second, h, second]) {
        ids.push((await target.raw("GET", `${VAULT_PATH}/backupPolicies?${API}`)).headers["x-ms-request-id"]);
      }
      assert.equal(new Set(ids).size, ids.length, String(ids));
    } finally {
      await second.close();
    }
  });

  it("a write answered 500 after it took effect has taken effect", async () => {
    await h.admin("POST", "faults", {
      afterWrite: { fault: "500", operation: "ProtectedItems_CreateOrUpdate" },
    });
    const put = await h.raw("PUT", `${ITEM}?${API}`, { body: RESUME });
    assert.equal(put.status, 500);
    assert.equal(err(put.json).code, "InternalServerError");
    assert.ok((await itemState(h)).pendingOperationId, "the resume is under way all the same");
    await h.advance(60_000);
    assert.equal((await itemState(h)).protectionState, "Protected");
  });

  it("a 503 with Retry-After, before a write (nothing happened) or after it (it happened)", async () => {
    await h.admin("POST", "faults", { rate503: 1, retryAfterSeconds: 7 });
    const before503 = await h.raw("POST", `${ITEM}/backup?${API}`, {
      body: { properties: { objectType: "IaasVMBackupRequest" } },
    });
    await h.admin("POST", "faults", { rate503: 0 });
    assert.equal(before503.status, 503);
    assert.equal(before503.headers["retry-after"], "7");
    const jobsBefore = await h.admin<{ vaults: { jobs: unknown[] }[] }>("GET", "state");

    await h.admin("POST", "faults", { afterWrite: { fault: "503", operation: "Backups_Trigger" } });
    const after503 = await h.raw("POST", `${ITEM}/backup?${API}`, {
      body: { properties: { objectType: "IaasVMBackupRequest" } },
    });
    assert.equal(after503.status, 503);
    assert.equal(after503.headers["retry-after"], "7");
    const jobsAfter = await h.admin<{ vaults: { jobs: unknown[] }[] }>("GET", "state");
    const count = (s: { vaults: { jobs: unknown[] }[] }) =>
      s.vaults.reduce((sum, v) => sum + v.jobs.length, 0);
    assert.equal(count(jobsAfter), count(jobsBefore) + 1, "the backup job exists");
  });

  it("a connection reset mid-response leaves the client with an error and the write done", async () => {
    await h.advance(3_600_000);
    const stop = {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        protectionState: "ProtectionStopped",
      },
    };
    await h.admin("POST", "faults", { afterWrite: { fault: "reset" } });
    await assert.rejects(h.raw("PUT", `${ITEM}?${API}`, { body: stop }));
    await h.advance(60_000);
    assert.equal((await itemState(h)).protectionState, "ProtectionStopped");
    const faults = await h.admin<{ afterWrite: unknown[] }>("GET", "faults");
    assert.deepEqual(faults.afterWrite, [], "an armed fault is used up");
  });

  it("rejects a malformed afterWrite with the shape it expects", async () => {
    const res = await h.raw("POST", "/_emulator/faults", {
      body: { afterWrite: { fault: "418" } },
      auth: null,
    });
    assert.equal(res.status, 400);
    assert.match(err(res.json).message, /afterWrite must be/);
  });
});
