/**
 * The restore point collection: the 18-point limit fails the job at "Take Snapshot", and GC only cleans
 * while protection is active (ref §7, procedure.md).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type {
  AzureIaaSVMJob,
  AzureIaaSComputeVMProtectedItem as VmItem,
} from "@azure/arm-recoveryservicesbackup";
import { captureOperation, type Harness, harness, names, POLICY_ID, RG, VAULT } from "./helpers.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const db = names("rg-kura-db", "db-01");

interface StateItem {
  vmName: string;
  instantRpCount: number;
  recoveryPointCount: number;
  gcRuns: number;
  protectionState: string;
}

async function dbState(h: Harness): Promise<StateItem> {
  const state = await h.admin<{ vaults: { items: StateItem[] }[] }>("GET", "state");
  return state.vaults[0]?.items.find((i) => i.vmName === "db-01") as StateItem;
}

async function resume(h: Harness): Promise<void> {
  await h.client.protectedItems.createOrUpdate(VAULT, RG, db.fabric, db.container, db.item, {
    properties: { protectedItemType: "Microsoft.Compute/virtualMachines", policyId: POLICY_ID },
  });
  await h.advance(30_000);
}

async function stop(h: Harness): Promise<void> {
  await h.client.protectedItems.createOrUpdate(VAULT, RG, db.fabric, db.container, db.item, {
    properties: {
      protectedItemType: "Microsoft.Compute/virtualMachines",
      protectionState: "ProtectionStopped",
    },
  });
  await h.advance(30_000);
}

/** Triggers a backup, runs it to its end, and returns the finished job. */
async function backup(h: Harness): Promise<AzureIaaSVMJob> {
  const op = captureOperation();
  await h.client.backups.trigger(
    VAULT,
    RG,
    db.fabric,
    db.container,
    db.item,
    { properties: { objectType: "IaasVMBackupRequest" } },
    { onResponse: op.onResponse },
  );
  await h.advance(41 * MIN);
  const status = await h.client.backupOperationStatuses.get(VAULT, RG, op.id());
  const job = await h.client.jobDetails.get(VAULT, RG, (status.properties as { jobId: string }).jobId);
  return job.properties as AzureIaaSVMJob;
}

describe("the 18-point restore point collection limit", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  it("fails the backup at Take Snapshot with UserErrorRpCollectionLimitReached once 18 points are held", async () => {
    assert.equal((await dbState(h)).instantRpCount, 16);
    await resume(h);
    assert.equal((await backup(h)).status, "Completed");
    assert.equal((await backup(h)).status, "Completed");
    assert.equal((await dbState(h)).instantRpCount, 18);
    const failed = await backup(h);
    assert.equal(failed.status, "Failed");
    const detail = failed.errorDetails?.[0];
    assert.equal(detail?.errorTitle, "UserErrorRpCollectionLimitReached");
    assert.equal(detail?.errorString, "The Restore Point collection max limit has reached.");
    assert.equal(typeof detail?.errorCode, "number");
    assert.ok((detail?.recommendations?.length ?? 0) > 0);
    assert.deepEqual(
      failed.extendedInfo?.tasksList?.map((t) => [t.taskId, t.status]),
      [
        ["Take Snapshot", "Failed"],
        ["Transfer data to vault", "NotStarted"],
      ],
    );
    const item = await h.client.protectedItems.get(VAULT, RG, db.fabric, db.container, db.item);
    assert.equal((item.properties as VmItem | undefined)?.lastBackupStatus, "Failed");
  });
});

describe("GC runs only while protection is active", () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  it("never cleans while stopped, however long", async () => {
    await h.advance(10 * 24 * HOUR);
    const s = await dbState(h);
    assert.equal(s.protectionState, "ProtectionStopped");
    assert.equal(s.gcRuns, 0);
    assert.equal(s.instantRpCount, 16);
  });

  it("cleans expired snapshots after the GC delay once protection is resumed, then every 24 h", async () => {
    await resume(h);
    await h.advance(5 * HOUR);
    assert.equal((await dbState(h)).gcRuns, 0, "no GC before the 6 h delay");
    await h.advance(1 * HOUR + MIN);
    const s = await dbState(h);
    assert.equal(s.gcRuns, 1);
    assert.equal(s.instantRpCount, 0, "every seeded snapshot is past its 2-day instant retention by now");
    // Vault-tier points stay until their own expiry.
    assert.ok(s.recoveryPointCount > 0);
    const rps = [];
    for await (const rp of h.client.recoveryPoints.list(VAULT, RG, db.fabric, db.container, db.item))
      rps.push(rp);
    const tiers = (rps[0]!.properties as { recoveryPointTierDetails: { type: string; status: string }[] })
      .recoveryPointTierDetails;
    assert.deepEqual(tiers, [
      { type: "InstantRP", status: "Deleted" },
      { type: "HardenedRP", status: "Valid" },
    ]);
    await h.advance(24 * HOUR);
    assert.equal((await dbState(h)).gcRuns, 2);
  });

  it("stops cleaning again when protection is stopped", async () => {
    await stop(h);
    const before = (await dbState(h)).gcRuns;
    await h.advance(30 * 24 * HOUR);
    const s = await dbState(h);
    assert.equal(s.gcRuns, before);
    // Past their 30-day vault expiry, yet retained: nothing is pruned while stopped (ref §7).
    assert.equal(s.recoveryPointCount, 16);
  });
});
