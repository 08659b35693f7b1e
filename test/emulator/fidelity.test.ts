/**
 * Every response body the emulator sends for the operations kura uses is valid against bms.json (with
 * concrete discriminator subtypes), declares no key the spec lacks, and has the keys of the spec's
 * examples at the top levels.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { type Harness, harness, names, POLICY_ID, VAULT_PATH } from "./helpers.ts";
import { BMS_DIR, specErrors, undeclaredKeys } from "./spec-schema.ts";

const API = "api-version=2023-06-01";
const db = names("rg-kura-db", "db-01");
const ITEM = `${VAULT_PATH}/backupFabrics/Azure/protectionContainers/${encodeURIComponent(db.container)}/protectedItems/${encodeURIComponent(db.item)}`;

function example(file: string, status = "200"): Record<string, unknown> {
  const ex = JSON.parse(readFileSync(`${BMS_DIR}/examples/${file}`, "utf8"));
  return ex.responses[status].body;
}

/** Keys of `example` (null-valued ones excepted: the spec types them as strings) must all be in `actual`. */
function assertKeysCover(actual: unknown, expected: unknown, label: string): void {
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const missing = Object.keys(e).filter((k) => e[k] !== null && !(k in a));
  assert.deepEqual(missing, [], `${label}: keys of the example missing from the emulator's body`);
}

function assertSameShape(actual: unknown, expected: unknown, label: string): void {
  assertKeysCover(actual, expected, label);
  const e = expected as { properties?: unknown };
  if (e.properties)
    assertKeysCover((actual as { properties: unknown }).properties, e.properties, `${label}.properties`);
}

function assertValid(definition: string, body: unknown, label: string): void {
  assert.deepEqual(specErrors(definition, body), [], `${label}: schema errors`);
  assert.deepEqual(undeclaredKeys(definition, body), [], `${label}: keys the spec does not declare`);
}

describe("fidelity to the 2023-06-01 OpenAPI spec and its examples", () => {
  let h: Harness;
  const get = async (path: string, status = 200) => {
    const res = await h.raw("GET", path);
    assert.equal(res.status, status, `${path}: ${res.text}`);
    return res.json;
  };

  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  it("protected items: list, get, get with extendedinfo", async () => {
    const list = await get(`${VAULT_PATH}/backupProtectedItems?${API}`);
    assertValid("ProtectedItemResourceList", list, "list");
    const first = (list as { value: unknown[] }).value[0];
    assertSameShape(
      first,
      (example("AzureIaasVm/BackupProtectedItems_List.json") as { value: unknown[] }).value[0],
      "list[0]",
    );
    const item = await get(`${ITEM}?${API}`);
    assertValid("ProtectedItemResource", item, "get");
    assertSameShape(item, example("AzureIaasVm/Compute_ProtectedItem_Get.json"), "get");
    const expanded = await get(`${ITEM}?${API}&$filter=${encodeURIComponent("expand eq 'extendedinfo'")}`);
    assertValid("ProtectedItemResource", expanded, "get expanded");
  });

  it("policies: list and get", async () => {
    const list = await get(
      `${VAULT_PATH}/backupPolicies?${API}&$filter=${encodeURIComponent("backupManagementType eq 'AzureIaasVM'")}`,
    );
    assertValid("ProtectionPolicyResourceList", list, "policies");
    const policy = await get(`${VAULT_PATH}/backupPolicies/weekly-wed?${API}`);
    assertValid("ProtectionPolicyResource", policy, "policy");
    assertSameShape(policy, example("AzureIaasVm/ProtectionPolicies_Get.json"), "policy");
  });

  it("recovery points: list and get", async () => {
    const list = await get(`${ITEM}/recoveryPoints?${API}`);
    assertValid("RecoveryPointResourceList", list, "rps");
    const rp = (list as { value: { name: string }[] }).value[0];
    assertSameShape(
      rp,
      (example("AzureIaasVm/RecoveryPoints_List.json") as { value: unknown[] }).value[0],
      "rp list[0]",
    );
    const one = await get(`${ITEM}/recoveryPoints/${rp?.name}?${API}`);
    assertValid("RecoveryPointResource", one, "rp");
    assertSameShape(one, example("AzureIaasVm/RecoveryPoints_Get.json"), "rp");
  });

  it("resume, operation status/result, backup, job details and list, failures, cancel", async () => {
    const put = await h.raw("PUT", `${ITEM}?${API}`, {
      body: { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID } },
    });
    assert.equal(put.status, 202);
    assert.equal(put.text, "");
    const opId = new URL(put.headers["azure-asyncoperation"] as string).pathname.split("/").at(-1);
    const running = await get(`${ITEM}/operationsStatus/${opId}?${API}`);
    assertValid("OperationStatus", running, "op running");
    assertKeysCover(running, example("Common/ProtectedItem_Delete_OperationStatus.json"), "op running");
    await h.advance(30_000);
    const done = await get(`${VAULT_PATH}/backupOperations/${opId}?${API}`);
    assertValid("OperationStatus", done, "op done");
    assertSameShape(done, example("AzureIaasVm/ProtectedItemOperationStatus.json"), "op done");
    const result = await get(`${ITEM}/operationResults/${opId}?${API}`);
    assertValid("ProtectedItemResource", result, "op result");

    // Two more backups reach the 18-point limit; the third fails; a fourth is cancelled.
    const jobIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const trig = await h.raw("POST", `${ITEM}/backup?${API}`, {
        body: {
          properties: {
            objectType: "IaasVMBackupRequest",
            recoveryPointExpiryTimeInUTC: "2025-03-01T00:00:00.000Z",
          },
        },
      });
      assert.equal(trig.status, 202);
      const id = new URL(trig.headers["azure-asyncoperation"] as string).pathname.split("/").at(-1);
      await h.advance(3_000);
      const st = (await get(`${ITEM}/operationsStatus/${id}?${API}`)) as { properties: { jobId: string } };
      jobIds.push(st.properties.jobId);
      const inProgress = await get(`${VAULT_PATH}/backupJobs/${st.properties.jobId}?${API}`);
      assertValid("JobResource", inProgress, `job ${i} running`);
      assertSameShape(inProgress, example("Common/GetJobDetails.json"), `job ${i} running`);
      if (i === 3) {
        const cancel = await h.raw("POST", `${VAULT_PATH}/backupJobs/${st.properties.jobId}/cancel?${API}`);
        assert.equal(cancel.status, 202);
        assert.equal(cancel.text, "");
        await h.advance(31_000);
      } else {
        await h.advance(41 * 60_000);
      }
    }
    for (const id of jobIds)
      assertValid("JobResource", await get(`${VAULT_PATH}/backupJobs/${id}?${API}`), `job ${id}`);
    const failed = (await get(`${VAULT_PATH}/backupJobs/${jobIds[2]}?${API}`)) as {
      properties: { status: string };
    };
    assert.equal(failed.properties.status, "Failed");
    const jobs = await get(`${VAULT_PATH}/backupJobs?${API}`);
    assertValid("JobResourceList", jobs, "jobs");
    for (const j of (jobs as { value: unknown[] }).value) {
      assertSameShape(j, (example("Common/ListJobs.json") as { value: unknown[] }).value[1], "jobs[]");
      assert.equal((j as { properties: { extendedInfo?: unknown } }).properties.extendedInfo, undefined);
    }
  });

  it("the validator is not vacuous: it catches wrong discriminators, types and undeclared keys", () => {
    const job = {
      id: "x",
      name: "x",
      type: "t",
      properties: { jobType: "AzureIaaSVMJob", duration: "PT1.5S" },
    };
    assert.deepEqual(specErrors("JobResource", job), []);
    assert.notDeepEqual(specErrors("JobResource", { ...job, properties: { jobType: "NoSuchJob" } }), []);
    assert.notDeepEqual(
      specErrors("JobResource", {
        ...job,
        properties: { jobType: "AzureIaaSVMJob", isUserTriggered: "yes" },
      }),
      [],
    );
    assert.notDeepEqual(
      specErrors("JobResource", { ...job, properties: { jobType: "AzureIaaSVMJob", startTime: "today" } }),
      [],
    );
    assert.deepEqual(
      undeclaredKeys("JobResource", { ...job, properties: { jobType: "AzureIaaSVMJob", typo: 1 } }),
      ["/properties/typo"],
    );
    const item = {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        extendedInfo: { recoveryPointCount: "3" },
      },
    };
    assert.notDeepEqual(specErrors("ProtectedItemResource", item), []);
  });

  it("error bodies are CloudError", async () => {
    for (const [method, path] of [
      ["GET", `${VAULT_PATH}/backupJobs/nope?${API}`],
      ["GET", `${VAULT_PATH}/nothing?${API}`],
      ["POST", `${ITEM}/backup?${API}`],
      ["GET", `${VAULT_PATH}/backupJobs`],
    ] as const) {
      const res = await h.raw(method, path, method === "POST" ? { body: {} } : {});
      assert.ok(res.status >= 400, path);
      assertValid("CloudError", res.json, `${method} ${path}`);
      const e = (res.json as { error: { code: string; message: string } }).error;
      assert.ok(e.code && e.message);
    }
  });
});
