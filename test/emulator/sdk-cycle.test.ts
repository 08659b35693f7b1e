/**
 * The ad-hoc cycle through the official SDK: stopped → resume → backup now → job completes → stop with
 * points retained, plus the refusals around it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type {
  AzureIaaSVMJob,
  AzureIaaSVMJobExtendedInfo,
  AzureIaaSComputeVMProtectedItem as VmItem,
} from "@azure/arm-recoveryservicesbackup";
import { captureOperation, type Harness, harness, names, POLICY_ID, RG, VAULT } from "./helpers.ts";

const MIN = 60_000;

describe("ad-hoc backup cycle through the SDK", () => {
  let h: Harness;
  const web = names("rg-kura-web", "web-01");

  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  const get = () => h.client.protectedItems.get(VAULT, RG, web.fabric, web.container, web.item);

  it("starts stopped with retained points and keeps its policy id", async () => {
    const item = await get();
    assert.equal(item.properties?.protectedItemType, "Microsoft.Compute/virtualMachines");
    assert.equal((item.properties as VmItem | undefined)?.protectionState, "ProtectionStopped");
    assert.equal(item.properties?.policyId, POLICY_ID);
  });

  it("refuses a backup while protection is stopped (400)", async () => {
    await assert.rejects(
      h.client.backups.trigger(VAULT, RG, web.fabric, web.container, web.item, {
        properties: { objectType: "IaasVMBackupRequest" },
      }),
      (e: { statusCode?: number; code?: string }) =>
        e.statusCode === 400 && e.code === "BMSUserErrorProtectionStopped",
    );
  });

  it("refuses resume without a policy id (400)", async () => {
    await assert.rejects(
      h.client.protectedItems.createOrUpdate(VAULT, RG, web.fabric, web.container, web.item, {
        properties: { protectedItemType: "Microsoft.Compute/virtualMachines", protectionState: "Protected" },
      }),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
  });

  let backupJobId = "";

  it("resumes with a policy: 202, op InProgress then Succeeded with a ConfigureBackup job", async () => {
    const op = captureOperation();
    const res = await h.client.protectedItems.createOrUpdate(
      VAULT,
      RG,
      web.fabric,
      web.container,
      web.item,
      { properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID } },
      { onResponse: op.onResponse },
    );
    assert.equal(res.properties, undefined);
    const running = await h.client.protectedItemOperationStatuses.get(
      VAULT,
      RG,
      web.fabric,
      web.container,
      web.item,
      op.id(),
    );
    assert.equal(running.status, "InProgress");
    assert.equal(running.properties, undefined);
    // A second protection change while the first runs is refused.
    await assert.rejects(
      h.client.protectedItems.createOrUpdate(VAULT, RG, web.fabric, web.container, web.item, {
        properties: {
          protectedItemType: "Microsoft.Compute/virtualMachines",
          protectionState: "ProtectionStopped",
        },
      }),
      (e: { statusCode?: number; code?: string }) =>
        e.statusCode === 409 && e.code === "BMSUserErrorConflictingProtectionOperation",
    );
    await h.advance(30_000);
    const done = await h.client.backupOperationStatuses.get(VAULT, RG, op.id());
    assert.equal(done.status, "Succeeded");
    assert.equal(done.properties?.objectType, "OperationStatusJobExtendedInfo");
    const jobId = (done.properties as { jobId?: string }).jobId as string;
    const job = await h.client.jobDetails.get(VAULT, RG, jobId);
    assert.equal(job.properties?.operation, "ConfigureBackup");
    assert.equal(job.properties?.status, "Completed");
    const result = await h.client.protectedItemOperationResults.get(
      VAULT,
      RG,
      web.fabric,
      web.container,
      web.item,
      op.id(),
    );
    assert.equal((result.properties as VmItem | undefined)?.protectionState, "Protected");
    assert.equal(((await get()).properties as VmItem | undefined)?.protectionState, "Protected");
  });

  it("accepts a PUT with the same policy on a protected item (no-op update)", async () => {
    await h.client.protectedItems.createOrUpdate(VAULT, RG, web.fabric, web.container, web.item, {
      properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID },
    });
    await h.advance(30_000);
    assert.equal(((await get()).properties as VmItem | undefined)?.protectionState, "Protected");
  });

  it("backs up now: exactly 202 with Location, Azure-AsyncOperation and Retry-After", async () => {
    let headers: { get(n: string): string | undefined } | undefined;
    let status = 0;
    const expiry = new Date("2025-02-01T00:00:00Z");
    await h.client.backups.trigger(
      VAULT,
      RG,
      web.fabric,
      web.container,
      web.item,
      { properties: { objectType: "IaasVMBackupRequest", recoveryPointExpiryTimeInUTC: expiry } },
      {
        onResponse: (r) => {
          headers = r.headers;
          status = r.status;
        },
      },
    );
    assert.equal(status, 202);
    assert.match(
      headers?.get("location") ?? "",
      /\/operationResults\/[0-9a-f-]{36}\?api-version=2023-06-01$/,
    );
    assert.match(
      headers?.get("azure-asyncoperation") ?? "",
      /\/operationsStatus\/[0-9a-f-]{36}\?api-version=2023-06-01$/,
    );
    assert.equal(headers?.get("retry-after"), "60");
    const opId = new URL(headers?.get("azure-asyncoperation") as string).pathname.split("/").at(-1) as string;
    const pending = await h.client.protectedItemOperationResults.get(
      VAULT,
      RG,
      web.fabric,
      web.container,
      web.item,
      opId,
    );
    assert.equal(pending.properties, undefined);
    await h.advance(5_000);
    const status2 = await h.client.backupOperationStatuses.get(VAULT, RG, opId);
    assert.equal(status2.status, "Succeeded");
    backupJobId = (status2.properties as { jobId: string }).jobId;
  });

  it("shows the job's tasks progressing over simulated time", async () => {
    let job = await h.client.jobDetails.get(VAULT, RG, backupJobId);
    const props = job.properties as AzureIaaSVMJob;
    assert.equal(props.jobType, "AzureIaaSVMJob");
    assert.equal(props.isUserTriggered, true);
    assert.deepEqual(props.actionsInfo, ["Cancellable"]);
    const tasks = (props.extendedInfo as AzureIaaSVMJobExtendedInfo).tasksList ?? [];
    assert.deepEqual(
      tasks.map((t) => [t.taskId, t.status]),
      [
        ["Take Snapshot", "InProgress"],
        ["Transfer data to vault", "NotStarted"],
      ],
    );
    // Stop is refused while the backup runs.
    await assert.rejects(
      h.client.protectedItems.createOrUpdate(VAULT, RG, web.fabric, web.container, web.item, {
        properties: {
          protectedItemType: "Microsoft.Compute/virtualMachines",
          protectionState: "ProtectionStopped",
        },
      }),
      (e: { statusCode?: number; code?: string }) =>
        e.statusCode === 409 && e.code === "BMSUserErrorObjectLocked",
    );
    await h.advance(10 * MIN);
    job = await h.client.jobDetails.get(VAULT, RG, backupJobId);
    const after = (job.properties as AzureIaaSVMJob).extendedInfo?.tasksList ?? [];
    assert.deepEqual(
      after.map((t) => t.status),
      ["Completed", "InProgress"],
    );
    const rps = [];
    for await (const rp of h.client.recoveryPoints.list(VAULT, RG, web.fabric, web.container, web.item))
      rps.push(rp);
    const newest = rps[0]?.properties as { recoveryPointTierDetails?: { type?: string; status?: string }[] };
    assert.deepEqual(newest.recoveryPointTierDetails, [{ type: "InstantRP", status: "Valid" }]);
    await h.advance(30 * MIN);
    job = await h.client.jobDetails.get(VAULT, RG, backupJobId);
    assert.equal(job.properties?.status, "Completed");
    assert.ok(job.properties?.endTime instanceof Date);
  });

  it("gives the new point both tiers and the requested expiry", async () => {
    const rps = [];
    for await (const rp of h.client.recoveryPoints.list(VAULT, RG, web.fabric, web.container, web.item))
      rps.push(rp);
    const newest = rps[0];
    const props = newest?.properties as {
      recoveryPointTierDetails?: { type?: string; status?: string }[];
      recoveryPointProperties?: { expiryTime?: string };
    };
    assert.deepEqual(
      props.recoveryPointTierDetails?.map((t) => t.type),
      ["InstantRP", "HardenedRP"],
    );
    assert.equal(props.recoveryPointProperties?.expiryTime, "2025-02-01T00:00:00.000Z");
    const one = await h.client.recoveryPoints.get(
      VAULT,
      RG,
      web.fabric,
      web.container,
      web.item,
      newest?.name as string,
    );
    assert.equal(one.name, newest?.name);
  });

  it("stops with data retained (policyId omitted and policyId ''): points are kept", async () => {
    const before = await countPoints();
    await h.client.protectedItems.createOrUpdate(VAULT, RG, web.fabric, web.container, web.item, {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        sourceResourceId: `/subscriptions/${"00000000-0000-0000-0000-000000000001"}/resourceGroups/rg-kura-web/providers/Microsoft.Compute/virtualMachines/web-01`,
        protectionState: "ProtectionStopped",
      },
    });
    await h.advance(30_000);
    assert.equal(((await get()).properties as VmItem | undefined)?.protectionState, "ProtectionStopped");
    // The Azure CLI shape: policyId "" (ref §2d).
    await h.client.protectedItems.createOrUpdate(VAULT, RG, web.fabric, web.container, web.item, {
      properties: {
        protectedItemType: "Microsoft.Compute/virtualMachines",
        protectionState: "ProtectionStopped",
        policyId: "",
      },
    });
    await h.advance(30_000);
    const item = await get();
    assert.equal((item.properties as VmItem | undefined)?.protectionState, "ProtectionStopped");
    assert.equal(item.properties?.policyId, POLICY_ID);
    assert.equal(await countPoints(), before);
    const jobs = [];
    for await (const j of h.client.backupJobs.list(VAULT, RG, { filter: "operation eq 'DisableBackup'" }))
      jobs.push(j);
    assert.equal(jobs.length, 2);
    assert.equal(jobs[0]?.properties?.status, "Completed");
    assert.equal((jobs[0]!.properties as { extendedInfo?: unknown }).extendedInfo, undefined);
  });

  async function countPoints(): Promise<number> {
    let n = 0;
    for await (const _ of h.client.recoveryPoints.list(VAULT, RG, web.fabric, web.container, web.item)) n++;
    return n;
  }
});

describe("job collisions and cancellation", () => {
  let h: Harness;
  const app = names("rg-kura-app", "app-01");
  before(async () => {
    h = await harness();
    await h.client.protectedItems.createOrUpdate(VAULT, RG, app.fabric, app.container, app.item, {
      properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID },
    });
    await h.advance(30_000);
  });
  after(() => h.close());

  async function trigger(): Promise<string> {
    const op = captureOperation();
    await h.client.backups.trigger(
      VAULT,
      RG,
      app.fabric,
      app.container,
      app.item,
      { properties: { objectType: "IaasVMBackupRequest" } },
      { onResponse: op.onResponse },
    );
    await h.advance(3_000);
    const status = await h.client.backupOperationStatuses.get(VAULT, RG, op.id());
    return (status.properties as { jobId: string }).jobId;
  }

  it("fails a second backup with UserErrorBackupOperationInProgress while one runs (ref §4)", async () => {
    const first = await trigger();
    const second = await trigger();
    const job = await h.client.jobDetails.get(VAULT, RG, second);
    const props = job.properties as AzureIaaSVMJob;
    assert.equal(props.status, "Failed");
    assert.equal(props.errorDetails?.[0]?.errorTitle, "UserErrorBackupOperationInProgress");
    assert.equal((await h.client.jobDetails.get(VAULT, RG, first)).properties?.status, "InProgress");
  });

  it("cancels a job during Take Snapshot: Cancelling, then Cancelled; result 202 then 204", async () => {
    const jobs = [];
    for await (const j of h.client.backupJobs.list(VAULT, RG, {
      filter: "status eq 'InProgress' and operation eq 'Backup'",
    })) {
      jobs.push(j);
    }
    const jobName = jobs[0]?.name as string;
    let location = "";
    await h.client.jobCancellations.trigger(VAULT, RG, jobName, {
      onResponse: (r) => {
        location = r.headers.get("location") ?? "";
      },
    });
    const opId = new URL(location).pathname.split("/").at(-1) as string;
    assert.equal((await h.client.jobDetails.get(VAULT, RG, jobName)).properties?.status, "Cancelling");
    let status = 0;
    await h.client.jobOperationResults.get(VAULT, RG, jobName, opId, {
      onResponse: (r) => (status = r.status),
    });
    assert.equal(status, 202);
    await h.advance(31_000);
    await h.client.jobOperationResults.get(VAULT, RG, jobName, opId, {
      onResponse: (r) => (status = r.status),
    });
    assert.equal(status, 204);
    const job = await h.client.jobDetails.get(VAULT, RG, jobName);
    assert.equal(job.properties?.status, "Cancelled");
    // Cancelling a finished job is refused.
    await assert.rejects(
      h.client.jobCancellations.trigger(VAULT, RG, jobName),
      (e: { statusCode?: number }) => e.statusCode === 400,
    );
  });

  it("limits on-demand backups per VM per UTC day", async () => {
    await h.admin("PUT", "behaviour", { onDemandBackupsPerDay: 3 });
    // Two were taken today already; the third passes, the fourth is refused.
    await trigger();
    await assert.rejects(
      h.client.backups.trigger(VAULT, RG, app.fabric, app.container, app.item, {
        properties: { objectType: "IaasVMBackupRequest" },
      }),
      (e: { statusCode?: number; code?: string }) =>
        e.statusCode === 400 && e.code === "CloudDosAbsoluteLimitReached",
    );
  });
});
