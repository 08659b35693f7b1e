/**
 * The disk snapshot alternative on a whole kura (emulator over HTTPS, real Redis, the real worker
 * role): refused for a running VM, taken for a deallocated one (OS and data disks, tagged), and
 * deleted by the daily cleanup job once expired — never a snapshot kura did not tag.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ComputeManagementClient } from "@azure/arm-compute";
import { Queue } from "bullmq";
import { fixedTokenCredential } from "../../../src/azure/index.ts";
import type { KuraEvent } from "../../../src/commands/ports/events.ts";
import { decideRequest } from "../../../src/commands/requests/decide-request.ts";
import type { SnapshotCheckpoint } from "../../../src/commands/snapshot/context.ts";
import { requestSnapshot } from "../../../src/commands/snapshot/request-snapshot.ts";
import { runSnapshot } from "../../../src/commands/snapshot/run-snapshot.ts";
import type { Runtime } from "../../../src/compose/runtime.ts";
import { startKuraStack, THURSDAY_NOON_TOKYO } from "../../helpers/kura-stack.ts";
import { ALICE, BOB, waitFor, waitForEnd } from "../../helpers/lifecycle.ts";

const SUB = "00000000-0000-0000-0000-000000000001";
const DAY_MS = 86_400_000;

/** kura's clock, movable by the test (the cleanup compares `kura-expires` with it). */
function movableClock(startIso: string) {
  let offset = Date.parse(startIso) - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

function ask(runtime: Runtime, vm: string, keepDays?: number) {
  return requestSnapshot(
    {
      vm,
      ...(keepDays ? { keepDays } : {}),
      reason: "before the migration",
      requester: ALICE,
      conversation: { platform: "test", channelId: "C1" },
    },
    {
      gateway: runtime.gateway,
      compute: runtime.compute,
      journal: runtime.journal,
      clock: runtime.clock,
      newId: () => `s${randomBytes(4).toString("hex")}`,
      settings: { defaultKeepDays: 7, requestTtlMs: 3_600_000 },
    },
  );
}

function approve(runtime: Runtime, requestId: string) {
  return decideRequest(
    requestId,
    BOB,
    { approve: true },
    {
      journal: runtime.journal,
      queue: runtime.queue,
      clock: runtime.clock,
      rules: { isApprover: () => true, allowSelfApproval: false },
    },
  );
}

async function events(runtime: Runtime): Promise<KuraEvent[]> {
  const queue = new Queue<KuraEvent>(runtime.config.queues.notify, {
    connection: runtime.redis,
    prefix: `${runtime.config.redis.prefix}:bull`,
  });
  try {
    const jobs = await queue.getJobs(["waiting", "delayed", "completed", "active", "prioritized"]);
    return jobs.map((job) => job.data);
  } finally {
    await queue.close();
  }
}

test("a snapshot of a running VM is refused with why and what to do instead", async (t) => {
  const stack = await startKuraStack(t);
  const refused = await ask(stack.runtime, "web-01");
  assert.equal(refused.ok, false);
  if (refused.ok) return;
  assert.equal(refused.problem.code, "SNAPSHOT_VM_NOT_DEALLOCATED");
  assert.match(refused.problem.message, /web-01 is running.*crash-consistent/);
  assert.match(refused.problem.remedy ?? "", /deallocate web-01.*\/backup web-01/);
  assert.equal((await stack.runtime.journal.requests.listRecent(5)).length, 0);
});

test("a deallocated VM's disks are snapshotted, tagged, and deleted by the daily job once expired; others never", async (t) => {
  const clock = movableClock(THURSDAY_NOON_TOKYO);
  const stack = await startKuraStack(t, {
    behaviour: { diskSnapshotMs: 300, snapshotDeleteMs: 200 },
    overrides: { clock },
  });
  const { runtime } = stack;
  const created = await ask(runtime, "batch-01", 7);
  assert.ok(created.ok, JSON.stringify(created));
  assert.equal(created.value.kind, "snapshot");
  assert.equal(created.value.retentionDays, 7);
  const approved = await approve(runtime, created.value.id);
  assert.ok(approved.ok, JSON.stringify(approved));
  await stack.startWorker();

  const done = await waitForEnd(runtime, created.value.id);
  assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
  const id = created.value.id;
  assert.deepEqual(
    done.result?.snapshots?.map((s) => [s.name, s.disk]),
    [
      [`kura-${id}-os`, "batch-01_OsDisk_1"],
      [`kura-${id}-lun0`, "batch-01_DataDisk_0"],
      [`kura-${id}-lun1`, "batch-01_DataDisk_1"],
    ],
  );
  const expires = done.result?.recoveryPointExpiry ?? "";
  assert.equal(Math.round((Date.parse(expires) - Date.parse(done.startedAt ?? "")) / DAY_MS), 7);

  interface AdminSnapshot {
    name: string;
    state: string;
    source: string;
    tags: Record<string, string>;
  }
  const inAzure = async () => (await stack.admin.get<{ snapshots: AdminSnapshot[] }>("compute")).snapshots;
  const ours = (await inAzure()).filter((s) => s.tags["kura-request"] === id);
  assert.equal(ours.length, 3);
  for (const s of ours) {
    assert.equal(s.state, "Succeeded");
    assert.deepEqual(s.tags, {
      "kura-request": id,
      "kura-requester": "test:U-alice",
      "kura-expires": expires,
      "kura-vm": "batch-01",
    });
  }
  assert.match(
    ours[0]?.source ?? "",
    /\/resourceGroups\/rg-kura-batch\/providers\/Microsoft\.Compute\/disks\/batch-01_OsDisk_1$/,
  );
  const kinds = (await events(runtime))
    .filter((e) => "requestId" in e && e.requestId === id)
    .map((e): string => e.type);
  for (const type of ["requested", "approved", "progress", "succeeded"])
    assert.ok(kinds.includes(type), type);

  // Someone else's snapshots in the same resource group: no kura tags, or only an expiry tag.
  const other = new ComputeManagementClient(fixedTokenCredential(), SUB, {
    endpoint: stack.url,
    tlsOptions: { ca: readFileSync(stack.caCertPath, "utf8") },
    credentials: { scopes: [`${stack.url}/.default`] },
  });
  const disk = `/subscriptions/${SUB}/resourceGroups/rg-kura-batch/providers/Microsoft.Compute/disks/batch-01_OsDisk_1`;
  for (const [name, tags] of [
    ["ops-manual", { owner: "ops" }],
    ["ops-expiring", { "kura-expires": "2020-01-01T00:00:00.000Z" }],
  ] as const) {
    await other.snapshots.createOrUpdate(
      "rg-kura-batch",
      name,
      { location: "japaneast", tags, creationData: { createOption: "Copy", sourceResourceId: disk } },
      { updateIntervalInMs: 100 },
    );
  }

  // Not yet expired: the daily job leaves everything alone.
  const maintenance = new Queue(runtime.config.queues.maintenance, {
    connection: runtime.redis,
    prefix: `${runtime.config.redis.prefix}:bull`,
  });
  t.after(() => maintenance.close());
  const runCleanup = async () => {
    const job = await maintenance.add("snapshot-cleanup", {});
    return waitFor("the cleanup job", async () => {
      const state = await job.getState();
      if (state === "failed")
        throw new Error(`cleanup failed: ${(await maintenance.getJob(job.id ?? ""))?.failedReason}`);
      return state === "completed"
        ? ((await maintenance.getJob(job.id ?? ""))?.returnvalue as { deleted: unknown[] })
        : undefined;
    });
  };
  assert.equal((await runCleanup()).deleted.length, 0);
  assert.equal((await inAzure()).length, 5);

  clock.advance(8 * DAY_MS);
  const report = await runCleanup();
  assert.equal(report.deleted.length, 3);
  const left = (await inAzure()).map((s) => s.name).sort();
  assert.deepEqual(left, ["ops-expiring", "ops-manual"]);

  const audit = await runtime.audit.read({ count: 50 });
  const deletions = audit.filter((e) => e.action === "azure.snapshot-deleted");
  assert.equal(deletions.length, 3);
  assert.ok(deletions.every((e) => e.correlationId === id && e.vmName === "batch-01"));
  const cleaned = (await events(runtime)).find((e) => e.type === "snapshots-cleaned");
  assert.ok(cleaned && cleaned.type === "snapshots-cleaned");
  assert.deepEqual(cleaned.deleted.map((d) => d.name).sort(), [
    `kura-${id}-lun0`,
    `kura-${id}-lun1`,
    `kura-${id}-os`,
  ]);
});

test("a crash after Azure took a snapshot but before the checkpoint never makes a duplicate", async (t) => {
  const stack = await startKuraStack(t, { behaviour: { diskSnapshotMs: 200 } });
  const { runtime } = stack;
  const created = await ask(runtime, "batch-01", 3);
  assert.ok(created.ok, JSON.stringify(created));
  assert.ok((await approve(runtime, created.value.id)).ok);
  const id = created.value.id;

  // The process "dies" on the save that follows the first snapshot's PUT: Azure has it, the checkpoint not.
  let saved: SnapshotCheckpoint = { step: "check" };
  const crash = new Error("worker killed");
  await assert.rejects(
    runSnapshot(
      id,
      saved,
      async (cp) => {
        if ((cp.taken?.length ?? 0) > 0) throw crash;
        saved = cp;
      },
      runtime.snapshot,
    ),
    crash,
  );
  assert.equal(saved.step, "snapshot");
  assert.deepEqual(saved.taken, []);
  const names = async () =>
    (await stack.admin.get<{ snapshots: { name: string }[] }>("compute")).snapshots.map((s) => s.name).sort();
  assert.deepEqual(await names(), [`kura-${id}-os`]);

  // Another worker takes over from the last saved checkpoint: the same PUT again, then the rest.
  const outcome = await runSnapshot(
    id,
    saved,
    async (cp) => {
      saved = cp;
    },
    runtime.snapshot,
  );
  assert.deepEqual(outcome, { kind: "finished" });
  assert.deepEqual(await names(), [`kura-${id}-lun0`, `kura-${id}-lun1`, `kura-${id}-os`]);
  const done = await runtime.journal.requests.get(id);
  assert.equal(done?.status, "succeeded");
  assert.equal(done?.result?.snapshots?.length, 3);
});
