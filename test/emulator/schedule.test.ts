/**
 * The policy schedule fires scheduled backups (isUserTriggered false) on Wednesday 10:00 Tokyo time while
 * protection is active, so a collision with an ad-hoc backup is observable.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AzureIaaSVMJob, JobResource } from "@azure/arm-recoveryservicesbackup";
import { type Harness, harness, names, POLICY_ID, RG, VAULT } from "./helpers.ts";

// Wednesday 2025-01-08 10:00 in Tokyo (UTC+9, no DST) is 01:00 UTC.
const WED_RUN = "2025-01-08T01:00:00.000Z";

describe("scheduled backups", () => {
  let h: Harness;
  const web2 = names("rg-kura-web", "web-02");
  const app = names("rg-kura-app", "app-01");

  before(async () => {
    h = await harness();
    for (const vm of [web2, app]) {
      await h.client.protectedItems.createOrUpdate(VAULT, RG, vm.fabric, vm.container, vm.item, {
        properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID },
      });
    }
    await h.advance(30_000);
  });
  after(() => h.close());

  async function backupJobs(): Promise<JobResource[]> {
    const jobs: JobResource[] = [];
    for await (const j of h.client.backupJobs.list(VAULT, RG, { filter: "operation eq 'Backup'" }))
      jobs.push(j);
    return jobs;
  }

  it("does not fire before Wednesday 10:00 Tokyo time", async () => {
    await h.admin("POST", "clock", { set: "2025-01-08T00:50:00.000Z" });
    // An ad-hoc backup of app-01 that will still be running at the scheduled time.
    await h.client.backups.trigger(VAULT, RG, app.fabric, app.container, app.item, {
      properties: { objectType: "IaasVMBackupRequest" },
    });
    await h.admin("POST", "clock", { set: "2025-01-08T00:59:59.000Z" });
    const jobs = await backupJobs();
    assert.equal(jobs.filter((j) => (j.properties as AzureIaaSVMJob).isUserTriggered === false).length, 0);
  });

  it("fires for every protected item at the run time, not for stopped ones", async () => {
    await h.advance(2_000);
    const scheduled = (await backupJobs()).filter(
      (j) => (j.properties as AzureIaaSVMJob).isUserTriggered === false,
    );
    assert.deepEqual(scheduled.map((j) => j.properties?.entityFriendlyName).sort(), ["app-01", "web-02"]);
    for (const j of scheduled) assert.equal(j.properties?.startTime?.toISOString(), WED_RUN);
  });

  it("makes the collision with the running ad-hoc backup visible", async () => {
    const scheduled = (await backupJobs()).filter(
      (j) => (j.properties as AzureIaaSVMJob).isUserTriggered === false,
    );
    const appJob = scheduled.find((j) => j.properties?.entityFriendlyName === "app-01");
    const props = appJob?.properties as AzureIaaSVMJob;
    assert.equal(props.status, "Failed");
    assert.equal(props.errorDetails?.[0]?.errorTitle, "UserErrorBackupOperationInProgress");
    const webJob = scheduled.find((j) => j.properties?.entityFriendlyName === "web-02");
    assert.equal(webJob?.properties?.status, "InProgress");
  });

  it("retains a scheduled point for the policy's weekly retention", async () => {
    await h.advance(45 * 60_000);
    const rps = [];
    for await (const rp of h.client.recoveryPoints.list(VAULT, RG, web2.fabric, web2.container, web2.item))
      rps.push(rp);
    const props = rps[0]?.properties as {
      recoveryPointTime?: Date;
      recoveryPointProperties?: { expiryTime?: string };
    };
    assert.equal(props.recoveryPointTime?.toISOString(), WED_RUN);
    // weekly-wed keeps 4 weeks.
    assert.equal(props.recoveryPointProperties?.expiryTime, "2025-02-05T01:00:00.000Z");
  });

  it("fires again a week later", async () => {
    await h.admin("POST", "clock", { set: "2025-01-15T01:00:01.000Z" });
    const scheduled = (await backupJobs()).filter(
      (j) => (j.properties as AzureIaaSVMJob).isUserTriggered === false,
    );
    assert.equal(
      scheduled.filter((j) => j.properties?.startTime?.toISOString() === "2025-01-15T01:00:00.000Z").length,
      2,
    );
  });
});
