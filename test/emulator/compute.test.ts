/**
 * The Compute endpoints of the emulator (disk snapshot alternative) through the official
 * @azure/arm-compute SDK: VM power state and disks, disk get, snapshot create/get/list/delete as
 * long-running operations, and the wire rules they share with the backup API.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ComputeManagementClient } from "@azure/arm-compute";
import { type Harness, harness, SUB, staticCredential } from "./helpers.ts";

let h: Harness;
let compute: ComputeManagementClient;
const RG = "rg-kura-batch";
const DISK_ID = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/disks/${name}`;

before(async () => {
  h = await harness({ behaviour: { diskSnapshotMs: 20_000, snapshotDeleteMs: 5_000 } });
  compute = new ComputeManagementClient(staticCredential, SUB, {
    endpoint: h.emulator.url,
    tlsOptions: { ca: h.emulator.caCertPem },
    retryOptions: { maxRetries: 0 },
    credentials: { scopes: [`${h.emulator.url}/.default`] },
  });
});
after(() => h.close());

/** Runs an LRO to its end: the emulator's clock stands still (speed 0), so move it while the SDK polls. */
async function finish<T>(poller: PromiseLike<T>, stepMs = 10_000): Promise<T> {
  let done = false;
  const result = Promise.resolve(poller).finally(() => {
    done = true;
  });
  result.catch(() => {}); // observed below; this only keeps the rejection from counting as unhandled
  while (!done) {
    await new Promise((r) => setTimeout(r, 30));
    if (!done) await h.advance(stepMs);
  }
  return result;
}

/** The SDK's flattened Snapshot model (the wire body nests these under `properties`). */
const snapshotBody = (disk: string, tags: Record<string, string> = {}) => ({
  location: "japaneast",
  tags,
  creationData: { createOption: "Copy" as const, sourceResourceId: DISK_ID(disk) },
  incremental: false,
});
/** The same snapshot as raw JSON on the wire. */
const wireBody = (disk: string, tags: Record<string, string> = {}) => {
  const { location, creationData, incremental } = snapshotBody(disk, tags);
  return { location, tags, properties: { creationData, incremental } };
};

test("VM get with instanceView shows the power state and the OS and data disks", async () => {
  const batch = await compute.virtualMachines.get(RG, "batch-01", { expand: "instanceView" });
  const codes = batch.instanceView?.statuses?.map((s) => s.code);
  assert.deepEqual(codes, ["ProvisioningState/succeeded", "PowerState/deallocated"]);
  const storage = batch.storageProfile;
  assert.equal(storage?.osDisk?.managedDisk?.id, DISK_ID("batch-01_OsDisk_1"));
  assert.deepEqual(
    storage?.dataDisks?.map((d) => [d.lun, d.managedDisk?.id]),
    [
      [0, DISK_ID("batch-01_DataDisk_0")],
      [1, DISK_ID("batch-01_DataDisk_1")],
    ],
  );
  const web = await compute.virtualMachines.get("rg-kura-web", "web-01", { expand: "instanceView" });
  assert.equal(web.instanceView?.statuses?.[1]?.code, "PowerState/running");
  const plain = await compute.virtualMachines.get("rg-kura-web", "web-01");
  assert.equal(plain.instanceView, undefined);
});

test("the admin API sets a VM's power state", async () => {
  await h.admin("POST", "compute/power", { vmName: "web-02", state: "deallocated" });
  const vm = await compute.virtualMachines.get("rg-kura-web", "web-02", { expand: "instanceView" });
  assert.equal(vm.instanceView?.statuses?.[1]?.code, "PowerState/deallocated");
  const disk = await compute.disks.get("rg-kura-web", "web-02_OsDisk_1");
  assert.equal(disk.diskState, "Reserved");
  const bad = await h.raw("POST", "/_emulator/compute/power", {
    body: { vmName: "web-02", state: "off" },
    auth: null,
  });
  assert.equal(bad.status, 400);
});

test("snapshot create is a long-running PUT: 202 with Azure-AsyncOperation, Updating until the operation ends", async () => {
  const path = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/snapshots/raw-snap?api-version=2026-03-02`;
  const res = await h.raw("PUT", path, { body: wireBody("batch-01_OsDisk_1", { owner: "raw" }) });
  assert.equal(res.status, 202);
  const status = String(res.headers["azure-asyncoperation"]);
  assert.match(
    status,
    /\/providers\/Microsoft\.Compute\/locations\/japaneast\/DiskOperations\/[0-9a-f-]{36}\?/,
  );
  assert.equal(
    (res.json as { properties: { provisioningState: string } }).properties.provisioningState,
    "Updating",
  );
  const op = await h.raw("GET", new URL(status).pathname + new URL(status).search);
  assert.equal((op.json as { status: string }).status, "InProgress");
  await h.advance(20_000);
  const doneOp = (await h.raw("GET", new URL(status).pathname + new URL(status).search)).json as {
    status: string;
    endTime: string;
    properties: { output: { name: string } };
  };
  assert.equal(doneOp.status, "Succeeded");
  assert.match(doneOp.endTime, /Z$/);
  assert.equal(doneOp.properties.output.name, "raw-snap");
});

test("the SDK creates, reads, lists, re-PUTs and deletes snapshots, tags included", async () => {
  const created = await finish(
    compute.snapshots.createOrUpdate(
      RG,
      "snap-a",
      snapshotBody("batch-01_DataDisk_0", { "kura-request": "r1" }),
      {
        updateIntervalInMs: 20,
      },
    ),
  );
  assert.equal(created.provisioningState, "Succeeded");
  assert.equal(created.creationData?.sourceResourceId, DISK_ID("batch-01_DataDisk_0"));
  assert.deepEqual(created.tags, { "kura-request": "r1" });
  assert.ok(created.timeCreated instanceof Date);

  // Same name, same source: an update, never a second snapshot.
  const again = await finish(
    compute.snapshots.createOrUpdate(
      RG,
      "snap-a",
      snapshotBody("batch-01_DataDisk_0", { "kura-request": "r1" }),
      {
        updateIntervalInMs: 20,
      },
    ),
  );
  assert.equal(again.uniqueId, created.uniqueId);
  await assert.rejects(
    finish(
      compute.snapshots.createOrUpdate(RG, "snap-a", snapshotBody("batch-01_DataDisk_1"), {
        updateIntervalInMs: 20,
      }),
    ),
    (e: { statusCode?: number; code?: string }) =>
      e.statusCode === 409 && e.code === "PropertyChangeNotAllowed",
  );

  const listed = [];
  for await (const s of compute.snapshots.listByResourceGroup(RG)) listed.push(s);
  assert.ok(listed.some((s) => s.name === "snap-a" && s.tags?.["kura-request"] === "r1"));

  await finish(compute.snapshots.delete(RG, "snap-a", { updateIntervalInMs: 20 }), 5_000);
  await assert.rejects(compute.snapshots.get(RG, "snap-a"), (e: { statusCode?: number; code?: string }) => {
    return e.statusCode === 404 && e.code === "ResourceNotFound";
  });
  // Deleting what is gone is a no-op (204), as in ARM.
  const gone = await h.raw(
    "DELETE",
    `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/snapshots/snap-a?api-version=2026-03-02`,
  );
  assert.equal(gone.status, 204);
});

test("compute paths keep the wire rules: their own api-version, ARM errors, unknown groups and disks", async () => {
  const base = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute`;
  const wrong = await h.raw("GET", `${base}/snapshots?api-version=2023-06-01`);
  assert.equal(wrong.status, 400);
  assert.equal((wrong.json as { error: { code: string } }).error.code, "NoRegisteredProviderFound");
  const noAuth = await h.raw("GET", `${base}/virtualMachines/batch-01?api-version=2026-04-01`, {
    auth: null,
  });
  assert.equal(noAuth.status, 401);
  const rg = await h.raw(
    "GET",
    `/subscriptions/${SUB}/resourceGroups/rg-nope/providers/Microsoft.Compute/snapshots?api-version=2026-03-02`,
  );
  assert.equal(rg.status, 404);
  assert.equal((rg.json as { error: { code: string } }).error.code, "ResourceGroupNotFound");
  const noDisk = await h.raw("PUT", `${base}/snapshots/x1?api-version=2026-03-02`, {
    body: wireBody("nope"),
  });
  assert.equal(noDisk.status, 404);
  const post = await h.raw("POST", `${base}/snapshots/x1?api-version=2026-03-02`, { body: {} });
  assert.equal(post.status, 405);
  assert.ok(
    (await h.raw("GET", `${base}/virtualMachines/batch-01?api-version=2026-04-01`)).headers[
      "x-ms-ratelimit-remaining-subscription-reads"
    ],
  );
});
