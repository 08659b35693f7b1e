/** Wire-level behaviour: paging, encodings, ARM errors, auth, api-version, throttling, filters, faults. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AzureIaaSComputeVMProtectedItem as VmItem } from "@azure/arm-recoveryservicesbackup";
import { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { type Harness, harness, names, RG, SUB, staticCredential, VAULT, VAULT_PATH } from "./helpers.ts";

const API = "api-version=2023-06-01";
const err = (body: unknown) => (body as { error: { code: string; message: string } }).error;

describe("wire protocol", () => {
  let h: Harness;
  before(async () => {
    h = await harness({ behaviour: { pageSize: 2 } });
  });
  after(() => h.close());

  it("pages with absolute nextLinks that carry api-version and the filter; the SDK follows them", async () => {
    const filter = "backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'";
    const first = await h.raw(
      "GET",
      `${VAULT_PATH}/backupProtectedItems?${API}&$filter=${encodeURIComponent(filter)}`,
    );
    const body = first.json as { value: unknown[]; nextLink: string };
    assert.equal(body.value.length, 2);
    const next = new URL(body.nextLink);
    assert.equal(next.origin, h.emulator.url);
    assert.equal(next.searchParams.get("api-version"), "2023-06-01");
    assert.equal(next.searchParams.get("$filter"), filter);
    const names: string[] = [];
    for await (const item of h.client.backupProtectedItems.list(VAULT, RG, { filter })) {
      names.push((item.properties as VmItem | undefined)?.friendlyName as string);
    }
    assert.deepEqual(names, ["web-01", "web-02", "db-01", "app-01", "batch-01"]);
  });

  it("decodes %3B in names and accepts /Subscriptions/ as well as /subscriptions/", async () => {
    const n = names("rg-kura-db", "db-01");
    const encoded = `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/${encodeURIComponent(n.container)}/protectedItems/${encodeURIComponent(n.item)}`;
    assert.match(encoded, /%3B/);
    const a = await h.raw("GET", `${encoded}?${API}`);
    assert.equal(a.status, 200);
    const b = await h.raw("GET", `${encoded.replace("/subscriptions/", "/Subscriptions/")}?${API}`);
    assert.equal(b.status, 200);
    assert.deepEqual(a.json, b.json);
    // Body ids use a literal ';' (ref §1).
    assert.match((a.json as { id: string }).id, /IaasVMContainer;iaasvmcontainerv2;rg-kura-db;db-01/);
  });

  it("adds extendedInfo only with expand eq 'extendedinfo'", async () => {
    const n = names("rg-kura-db", "db-01");
    const plain = await h.client.protectedItems.get(VAULT, RG, n.fabric, n.container, n.item);
    assert.equal((plain.properties as { extendedInfo?: unknown }).extendedInfo, undefined);
    const expanded = await h.client.protectedItems.get(VAULT, RG, n.fabric, n.container, n.item, {
      filter: "expand eq 'extendedinfo'",
    });
    assert.equal(
      (expanded.properties as { extendedInfo?: { recoveryPointCount?: number } }).extendedInfo
        ?.recoveryPointCount,
      16,
    );
  });

  it("answers unknown paths, vaults and items with 404 ARM error bodies", async () => {
    const unknownPath = await h.raw("GET", `${VAULT_PATH}/backupNothing?${API}`);
    assert.equal(unknownPath.status, 404);
    assert.equal(err(unknownPath.json).code, "InvalidResourceType");
    const root = await h.raw("GET", `/foo?${API}`);
    assert.equal(root.status, 404);
    const vault = await h.raw("GET", `${VAULT_PATH.replace(VAULT, "nope")}/backupJobs?${API}`);
    assert.equal(vault.status, 404);
    assert.equal(err(vault.json).code, "ResourceNotFound");
    const job = await h.raw("GET", `${VAULT_PATH}/backupJobs/00000000-0000-0000-0000-000000000000?${API}`);
    assert.equal(job.status, 404);
    await assert.rejects(
      h.client.protectedItems.get(
        VAULT,
        RG,
        "Azure",
        "IaasVMContainer;iaasvmcontainerv2;rg;ghost",
        "VM;iaasvmcontainerv2;rg;ghost",
      ),
      (e: { statusCode?: number; code?: string }) => e.statusCode === 404 && e.code === "ResourceNotFound",
    );
    const method = await h.raw("DELETE", `${VAULT_PATH}/backupJobs?${API}`);
    assert.equal(method.status, 405);
    assert.ok(err(method.json).message);
  });

  it("requires api-version 2023-06-01 and a bearer token", async () => {
    const missing = await h.raw("GET", `${VAULT_PATH}/backupJobs`);
    assert.equal(missing.status, 400);
    assert.equal(err(missing.json).code, "MissingApiVersionParameter");
    const old = await h.raw("GET", `${VAULT_PATH}/backupJobs?api-version=2016-12-01`);
    assert.equal(old.status, 400);
    const noAuth = await h.raw("GET", `${VAULT_PATH}/backupJobs?${API}`, { auth: null });
    assert.equal(noAuth.status, 401);
    assert.equal(err(noAuth.json).code, "AuthenticationFailed");
  });

  it("refuses bad input with 400: bad JSON, wrong item type, unknown filter keys, bad filter dates", async () => {
    const n = names("rg-kura-web", "web-02");
    const itemUrl = `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/${n.container}/protectedItems/${n.item}`;
    const badType = await h.raw("PUT", `${itemUrl}?${API}`, {
      body: {
        properties: {
          protectedItemType: "AzureIaaSVMProtectedItem",
          policyId: `${VAULT_PATH}/backupPolicies/weekly-wed`,
        },
      },
    });
    assert.equal(badType.status, 400);
    const badKey = await h.raw(
      "GET",
      `${VAULT_PATH}/backupJobs?${API}&$filter=${encodeURIComponent("vmName eq 'x'")}`,
    );
    assert.equal(badKey.status, 400);
    const badDate = await h.raw(
      "GET",
      `${VAULT_PATH}/backupJobs?${API}&$filter=${encodeURIComponent("startTime eq 'yesterday'")}`,
    );
    assert.equal(badDate.status, 400);
    const badPolicy = await h.raw("PUT", `${itemUrl}?${API}`, {
      body: {
        properties: {
          protectedItemType: "Microsoft.Compute/virtualMachines",
          policyId: `${VAULT_PATH}/backupPolicies/nope`,
        },
      },
    });
    assert.equal(badPolicy.status, 400);
    const badJson = await h.raw("POST", `${itemUrl}/backup?${API}`, { rawBody: "{not json" });
    assert.equal(badJson.status, 400);
    assert.equal(err(badJson.json).code, "InvalidRequestContent");
  });

  it("filters jobs by the yyyy-MM-dd hh:mm:ss tt window", async () => {
    const n = names("rg-kura-web", "web-02");
    await h.client.protectedItems.createOrUpdate(VAULT, RG, n.fabric, n.container, n.item, {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        policyId: `${VAULT_PATH}/backupPolicies/weekly-wed`,
      },
    });
    const list = async (filter: string) => {
      const out = [];
      for await (const j of h.client.backupJobs.list(VAULT, RG, { filter })) out.push(j);
      return out;
    };
    const inWindow = await list(
      "startTime eq '2025-01-05 11:00:00 PM' and endTime eq '2025-01-06 12:30:00 AM' and backupManagementType eq 'AzureIaasVM'",
    );
    assert.equal(inWindow.length, 1);
    assert.equal(inWindow[0]?.properties?.operation, "ConfigureBackup");
    assert.equal((await list("startTime eq '2025-01-06 01:00:00 PM'")).length, 0);
    assert.equal((await list(`jobId eq '${inWindow[0]?.name}'`)).length, 1);
  });

  it("sends ISO timestamps with Z everywhere", async () => {
    const res = await h.raw("GET", `${VAULT_PATH}/backupJobs?${API}`);
    const stamps = res.text.match(/"(startTime|endTime)":"[^"]*"/g) ?? [];
    assert.ok(stamps.length > 0);
    for (const s of stamps) assert.match(s, /Z"$/);
  });
});

describe("throttling and faults", () => {
  let h: Harness;
  before(async () => {
    h = await harness({
      behaviour: {
        throttle: {
          enabled: true,
          readBucket: 3,
          readRefillPerSecond: 0.5,
          writeBucket: 200,
          writeRefillPerSecond: 10,
        },
      },
    });
  });
  after(() => h.close());

  it("answers 429 SubscriptionRequestsThrottled with Retry-After once the read bucket is empty", async () => {
    const url = `${VAULT_PATH}/backupPolicies?${API}`;
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await h.raw("GET", url));
    assert.deepEqual(
      seen.map((r) => r.headers["x-ms-ratelimit-remaining-subscription-reads"]),
      ["2", "1", "0", "0"],
    );
    const throttled = seen[3];
    assert.equal(throttled?.status, 429);
    assert.equal(err(throttled?.json).code, "SubscriptionRequestsThrottled");
    assert.ok(Number(throttled?.headers["retry-after"]) >= 1);
    const stats = await h.admin<{ throttled: number; byOperation: Record<string, number> }>("GET", "stats");
    assert.equal(stats.throttled, 1);
    assert.equal(stats.byOperation.BackupPolicies_List, 4);
  });

  it("surfaces as a RestError with status 429 through the SDK once retries are exhausted", async () => {
    const client = new RecoveryServicesBackupClient(staticCredential, SUB, {
      endpoint: h.emulator.url,
      tlsOptions: { ca: h.emulator.caCertPem },
      retryOptions: { maxRetries: 0 },
    });
    await assert.rejects(
      client.backupPolicies.list(VAULT, RG).next(),
      (e: { statusCode?: number }) => e.statusCode === 429,
    );
  });

  it("injects faults reproducibly from a seed", async () => {
    await h.admin("PUT", "behaviour", { throttle: { enabled: false } });
    const run = async () => {
      await h.admin("POST", "faults", { rate5xx: 0.5, seed: 7 });
      const statuses = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await h.raw("GET", `${VAULT_PATH}/backupPolicies?${API}`)).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.includes(500) && a.includes(200));
    await h.admin("POST", "faults", { rate5xx: 0 });
  });

  it("fails the next backup of a VM with an armed error code", async () => {
    const n = names("rg-kura-web", "web-02");
    await h.client.protectedItems.createOrUpdate(VAULT, RG, n.fabric, n.container, n.item, {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        policyId: `${VAULT_PATH}/backupPolicies/weekly-wed`,
      },
    });
    await h.advance(30_000);
    await h.admin("POST", "faults", {
      failNextBackup: { vmName: "web-02", code: "UserErrorGuestAgentStatusUnavailable" },
    });
    await h.client.backups.trigger(VAULT, RG, n.fabric, n.container, n.item, {
      properties: { objectType: "IaasVMBackupRequest" },
    });
    await h.advance(11 * 60_000);
    const state = await h.admin<{
      vaults: { jobs: { vmName: string; status: string; error: string | null }[] }[];
    }>("GET", "state");
    const job = state.vaults[0]?.jobs.find((j) => j.vmName === "web-02" && j.error !== null);
    assert.equal(job?.status, "Failed");
    assert.equal(job?.error, "UserErrorGuestAgentStatusUnavailable");
  });
});
