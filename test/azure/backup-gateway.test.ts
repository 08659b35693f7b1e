/**
 * The gateway through the real SDK with a scripted transport: what goes on the wire (paths, filters,
 * bodies, headers) and how it reacts to what comes back. The emulator suite (test/contract) covers
 * behaviour end to end.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBackupGateway } from "../../src/azure/create-backup-gateway.ts";
import { fixedTokenCredential } from "../../src/azure/credential.ts";
import type { VaultRef } from "../../src/commands/ports/backup-gateway.ts";
import { armError, type FakeReply, fakeHttp, type SeenRequest } from "./fake-http.ts";

const SUB = "00000000-0000-0000-0000-000000000001";
const vault: VaultRef = { subscriptionId: SUB, resourceGroup: "rg-kura-demo", name: "rsv-kura-demo" };
const VAULT_PATH = `/subscriptions/${SUB}/resourceGroups/rg-kura-demo/providers/Microsoft.RecoveryServices/vaults/rsv-kura-demo`;
const POLICY_ID = `${VAULT_PATH}/backupPolicies/weekly-wed`;
const vmId = (vm: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-kura-demo/providers/Microsoft.Compute/virtualMachines/${vm}`;
const item = (vm: string, state = "ProtectionStopped") => ({
  id: `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-kura-demo;${vm}/protectedItems/VM;iaasvmcontainerv2;rg-kura-demo;${vm}`,
  name: `VM;iaasvmcontainerv2;rg-kura-demo;${vm}`,
  properties: {
    protectedItemType: "Microsoft.Compute/virtualMachines",
    friendlyName: vm,
    sourceResourceId: vmId(vm),
    protectionState: state,
    policyId: POLICY_ID,
  },
});

function gatewayWith(route: (req: SeenRequest) => FakeReply) {
  const http = fakeHttp(route);
  const gateway = createBackupGateway({
    vaults: [vault],
    credential: fixedTokenCredential("t0ken"),
    httpClient: http,
    retry: { retryDelayMs: 1, maxRetryDelayMs: 2 },
    polling: { minIntervalMs: 1, maxIntervalMs: 5 },
  });
  return { gateway, seen: http.seen };
}

/** Two pages of items: the SDK must follow the absolute nextLink. */
function listing(req: SeenRequest): FakeReply | undefined {
  if (!req.url.pathname.endsWith("/backupProtectedItems")) return undefined;
  if (req.url.searchParams.get("$skipToken") === "2")
    return { status: 200, body: { value: [item("db-01")] } };
  const next = `https://management.azure.com${VAULT_PATH}/backupProtectedItems?api-version=2023-06-01&$skipToken=2`;
  return { status: 200, body: { value: [item("web-01"), item("WEB-02")], nextLink: next } };
}

describe("gateway on the wire", () => {
  it("lists items with the canonical filter, all pages, a bearer token", async () => {
    const { gateway, seen } = gatewayWith((req) => listing(req) ?? armError(500, "X", "unexpected"));
    const vms = await gateway.listProtectedVms();
    assert.deepEqual(
      vms.map((v) => v.vmName),
      ["web-01", "WEB-02", "db-01"],
    );
    assert.equal(
      seen[0]?.url.searchParams.get("$filter"),
      "backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'",
    );
    assert.equal(seen[0]?.url.searchParams.get("api-version"), "2023-06-01");
    assert.equal(seen[0]?.authorization, "Bearer t0ken");
  });

  it("lists one vault's items when asked for that vault, and refuses a vault kura does not use", async () => {
    const other: VaultRef = { subscriptionId: SUB, resourceGroup: "rg-other", name: "rsv-other" };
    const http = fakeHttp((req) =>
      req.url.pathname.includes("/vaults/rsv-other/backupProtectedItems")
        ? { status: 200, body: { value: [] } }
        : (listing(req) ?? armError(500, "X", "unexpected")),
    );
    const gateway = createBackupGateway({
      vaults: [vault, other],
      credential: fixedTokenCredential("t0ken"),
      httpClient: http,
      retry: { retryDelayMs: 1, maxRetryDelayMs: 2 },
      polling: { minIntervalMs: 1, maxIntervalMs: 5 },
    });
    const vms = await gateway.listProtectedVms({ vault: { ...vault, name: "RSV-KURA-DEMO" } });
    assert.deepEqual(
      vms.map((v) => v.vmName),
      ["web-01", "WEB-02", "db-01"],
    );
    assert.ok(
      http.seen.every((req) => !req.url.pathname.includes("rsv-other")),
      "the other vault is not listed",
    );
    await assert.rejects(gateway.listProtectedVms({ vault: { ...vault, name: "rsv-unknown" } }), {
      code: "AZURE_INVALID_INPUT",
    });
  });

  it("finds a VM by name (case-insensitive) or ARM id", async () => {
    const { gateway } = gatewayWith((req) => listing(req) ?? armError(500, "X", "unexpected"));
    assert.equal((await gateway.findVm("web-02")).vmName, "WEB-02");
    assert.equal((await gateway.findVm(vmId("db-01"))).vmName, "db-01");
    await assert.rejects(gateway.findVm("app-99"), { code: "AZURE_NOT_FOUND" });
  });

  it("hostile names are refused before any request", async () => {
    const { gateway, seen } = gatewayWith(() => armError(500, "X", "must not be called"));
    for (const name of ["web'01", "a/b", "x\u0000", "x".repeat(65), "🙂", "..", ""]) {
      await assert.rejects(gateway.findVm(name), { code: "INVALID_VM_NAME" }, name);
    }
    await assert.rejects(gateway.getJob(vault, "../backupPolicies/x"), { code: "AZURE_INVALID_INPUT" });
    await assert.rejects(gateway.jobIdForOperation(vault, "a?b"), { code: "AZURE_INVALID_INPUT" });
    await assert.rejects(gateway.getPolicy(vault, "weekly'wed"), { code: "AZURE_INVALID_INPUT" });
    await assert.rejects(gateway.getJob({ ...vault, name: "other-vault" }, "j"), {
      code: "AZURE_INVALID_INPUT",
    });
    assert.equal(seen.length, 0);
  });

  it("triggers a backup: expiry in the body, onAccepted before polling, job id from the status", async () => {
    const events: string[] = [];
    const { gateway, seen } = gatewayWith((req) => {
      if (req.method === "POST" && req.url.pathname.endsWith("/backup")) {
        events.push("trigger");
        return {
          status: 202,
          headers: {
            "Azure-AsyncOperation": `https://management.azure.com${VAULT_PATH}/x/operationsStatus/op-1?api-version=2016-12-01`,
            "Retry-After": "60",
          },
        };
      }
      if (req.url.pathname.endsWith("/backupOperations/op-1")) {
        events.push("status");
        const done = events.filter((e) => e === "status").length > 1;
        return {
          status: 200,
          body: done
            ? {
                name: "op-1",
                status: "Succeeded",
                properties: { objectType: "OperationStatusJobExtendedInfo", jobId: "job-1" },
              }
            : { name: "op-1", status: "InProgress" },
        };
      }
      return listing(req) ?? armError(500, "X", "unexpected");
    });
    const vm = await gateway.findVm("web-01");
    const expiry = new Date("2030-01-01T00:00:00Z");
    const result = await gateway.triggerBackup(vm, expiry, {
      onAccepted: (op) => void events.push(`accepted:${op}`),
    });
    assert.deepEqual(result, { operationId: "op-1", jobId: "job-1" });
    assert.deepEqual(events, ["trigger", "accepted:op-1", "status", "status"]);
    const post = seen.find((r) => r.method === "POST");
    assert.match(
      post?.url.pathname ?? "",
      /protectionContainers\/IaasVMContainer%3Biaasvmcontainerv2%3Brg-kura-demo%3Bweb-01\//,
    );
    assert.deepEqual(post?.body, {
      properties: {
        objectType: "IaasVMBackupRequest",
        recoveryPointExpiryTimeInUTC: "2030-01-01T00:00:00.000Z",
      },
    });
  });

  it("resumes with the policy and waits for the operation", async () => {
    let state = "ProtectionStopped";
    const { gateway, seen } = gatewayWith((req) => {
      if (req.method === "PUT") {
        state = "Protected";
        return { status: 202, headers: { Location: `https://x${VAULT_PATH}/y/operationResults/op-2` } };
      }
      if (req.url.pathname.endsWith("/backupOperations/op-2"))
        return { status: 200, body: { status: "Succeeded" } };
      if (req.method === "GET" && req.url.pathname.includes("/protectedItems/"))
        return { status: 200, body: item("web-01", state) };
      return listing(req) ?? armError(500, "X", "unexpected");
    });
    const vm = await gateway.resumeProtection(await gateway.findVm("web-01"), POLICY_ID);
    assert.equal(vm.protectionState, "Protected");
    assert.deepEqual(seen.find((r) => r.method === "PUT")?.body, {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        sourceResourceId: vmId("web-01"),
        policyId: POLICY_ID,
      },
    });
    await assert.rejects(gateway.resumeProtection(vm, POLICY_ID.replace("rsv-kura-demo", "other")), {
      code: "AZURE_INVALID_INPUT",
    });
  });

  it("a failed stop operation surfaces its Azure code", async () => {
    const { gateway } = gatewayWith((req) => {
      if (req.method === "PUT")
        return { status: 202, headers: { "Azure-AsyncOperation": "https://x/a/operationsStatus/op-3" } };
      if (req.url.pathname.endsWith("/backupOperations/op-3")) {
        return {
          status: 200,
          body: { status: "Failed", error: { code: "BMSUserErrorObjectLocked", message: "locked" } },
        };
      }
      return listing(req) ?? armError(500, "X", "unexpected");
    });
    await assert.rejects(gateway.stopProtectionRetainData(await gateway.findVm("web-01")), {
      code: "AZURE_CONFLICT",
      azureCode: "BMSUserErrorObjectLocked",
    });
  });

  it("a long Retry-After on 429 fails fast with retryAfterMs", async () => {
    const { gateway, seen } = gatewayWith(() =>
      armError(429, "TooManyRequests", "throttled", { "Retry-After": "30" }),
    );
    await assert.rejects(gateway.listProtectedVms(), { code: "AZURE_THROTTLED", retryAfterMs: 30_000 });
    assert.equal(seen.length, 1);
  });

  it("a short Retry-After is retried a bounded number of times", async () => {
    const { gateway, seen } = gatewayWith(() =>
      armError(429, "TooManyRequests", "throttled", { "Retry-After": "0" }),
    );
    await assert.rejects(gateway.listProtectedVms(), { code: "AZURE_THROTTLED", retryAfterMs: 0 });
    assert.equal(seen.length, 3, "first attempt + maxRetries (2)");
  });

  it("an aborted signal stops the call", async () => {
    const { gateway, seen } = gatewayWith((req) => listing(req) ?? armError(500, "X", "unexpected"));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(gateway.listProtectedVms({ signal: ac.signal }), { code: "ABORTED" });
    assert.equal(seen.length, 0);
  });

  it("rejects a bad configuration", () => {
    assert.throws(() => createBackupGateway({ vaults: [] }), { code: "CONFIG_INVALID" });
    assert.throws(
      () =>
        createBackupGateway({
          vaults: [{ ...vault, resourceGroup: "rg/../x" }],
          credential: fixedTokenCredential(),
        }),
      {
        code: "CONFIG_INVALID",
      },
    );
  });
});
