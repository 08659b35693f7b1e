/**
 * Mappers fed with what the SDK really hands us: the spec's own examples (ref §9), deserialised by the
 * real client (dates become `Date`s, discriminators resolved), through a scripted transport.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { createClient } from "../../src/azure/client.ts";
import { fixedTokenCredential } from "../../src/azure/credential.ts";
import {
  isInstantRestorePoint,
  toBackupJob,
  toJobError,
  toOperationSnapshot,
  toProtectedVm,
  toRecoveryPoint,
} from "../../src/azure/mappers.ts";
import type { VaultRef } from "../../src/commands/ports/backup-gateway.ts";
import { fakeHttp } from "./fake-http.ts";

const EXAMPLES = new URL("./fixtures/spec-examples/", import.meta.url);
const SUB = "00000000-0000-0000-0000-000000000001";
const vault: VaultRef = { subscriptionId: SUB, resourceGroup: "rg-kura-demo", name: "rsv-kura-demo" };

function example(path: string): unknown {
  return (
    JSON.parse(readFileSync(new URL(path, EXAMPLES), "utf8")) as {
      responses: Record<string, { body: unknown }>;
    }
  ).responses["200"]?.body;
}

/** A client whose every GET answers `body`. */
function clientAnswering(body: unknown): RecoveryServicesBackupClient {
  return createClient(SUB, {
    credential: fixedTokenCredential(),
    httpClient: fakeHttp(() => ({ status: 200, body })),
  });
}

const itemId = (vm: string) =>
  `/subscriptions/${SUB}/resourceGroups/rg-kura-demo/providers/Microsoft.RecoveryServices/vaults/rsv-kura-demo/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-kura-demo;${vm}/protectedItems/VM;iaasvmcontainerv2;rg-kura-demo;${vm}`;

describe("mappers", () => {
  it("job details (EX:Common/GetJobDetails.json) with tasks", async () => {
    const job = toBackupJob(
      await clientAnswering(example("GetJobDetails.json")).jobDetails.get("v", "rg", "j"),
      vault,
    );
    assert.equal(job.id, "00000000-0000-0000-0000-000000000000");
    assert.equal(job.vmName, "testvm");
    assert.equal(job.operation, "Backup");
    assert.equal(job.status, "InProgress");
    assert.deepEqual(job.startTime, new Date("2017-08-03T05:31:07.014604Z"));
    assert.equal(job.endTime, undefined);
    assert.deepEqual(
      job.tasks.map((t) => [t.name, t.status]),
      [
        ["Take Snapshot", "InProgress"],
        ["Transfer data to vault", "NotStarted"],
      ],
    );
    assert.equal(job.isUserTriggered, false);
    assert.equal(job.cancellable, false);
  });

  it("failed job errors: mnemonic from errorTitle, from the message, else the number", async () => {
    const body = {
      id: "/x/backupJobs/j1",
      name: "j1",
      properties: {
        jobType: "AzureIaaSVMJob",
        status: "Failed",
        endTime: "0001-01-01T00:00:00Z",
        actionsInfo: ["Cancellable"],
        isUserTriggered: true,
        extendedInfo: {
          progressPercentage: 42.5,
          tasksList: [{ taskId: "Take Snapshot", status: "Failed", progressPercentage: 10 }],
        },
        errorDetails: [
          {
            errorCode: 400263,
            errorTitle: "UserErrorRpCollectionLimitReached",
            errorString: "limit",
            recommendations: ["r"],
          },
          {
            errorCode: 400263,
            errorTitle: "",
            errorString: "The Restore Point collection max limit has reached.",
          },
          { errorCode: 123, errorTitle: "Backup failed", errorString: "Something" },
        ],
      },
    };
    const job = toBackupJob(await clientAnswering(body).jobDetails.get("v", "rg", "j1"), vault);
    assert.deepEqual(
      job.errors.map((e) => e.code),
      ["UserErrorRpCollectionLimitReached", "UserErrorRpCollectionLimitReached", "123"],
    );
    assert.deepEqual(job.errors[0]?.recommendations, ["r"]);
    assert.equal(job.endTime, undefined, "Azure's 0001-01-01 means not ended");
    assert.equal(job.cancellable, true);
    assert.equal(job.isUserTriggered, true);
    assert.equal(job.progressPercent, 42.5);
    assert.equal(job.tasks[0]?.progressPercent, 10);
  });

  it("job errors without any title", () => {
    assert.deepEqual(toJobError({}), { code: "Unknown", message: "", recommendations: [] });
  });

  it("recovery points (EX:RecoveryPoints_List.json): tiers and instant count", async () => {
    const client = clientAnswering(example("RecoveryPoints_List.json"));
    const points = [];
    for await (const p of client.recoveryPoints.list("v", "rg", "Azure", "c", "i"))
      points.push(toRecoveryPoint(p));
    assert.equal(points.length, 3);
    assert.equal(points[0]?.id, "22244821112382");
    assert.deepEqual(points[0]?.time, new Date("2017-12-21T22:48:25.4353958Z"));
    assert.deepEqual(points[0]?.tiers, [
      { type: "InstantRP", status: "Deleted" },
      { type: "HardenedRP", status: "Valid" },
    ]);
    // Only the third still has a Valid instant tier; a Deleted one has left the collection.
    assert.deepEqual(
      points.filter((p) => p && isInstantRestorePoint(p)).map((p) => p?.id),
      ["70477518625276"],
    );
  });

  it("recovery point expiry: a plain string, read as UTC even without a zone", () => {
    const rp = toRecoveryPoint({
      name: "1",
      properties: {
        objectType: "IaasVMRecoveryPoint",
        recoveryPointTime: new Date("2024-01-01T00:00:00Z"),
        recoveryPointTierDetails: [{ type: "InstantRP", status: "Valid" }],
        recoveryPointProperties: { expiryTime: "2024-02-01T00:00:00" },
      },
    });
    assert.deepEqual(rp?.expiry, new Date("2024-02-01T00:00:00Z"));
    assert.equal(rp && isInstantRestorePoint(rp), true);
  });

  it("protected items: names from the id, state, policy; classic VMs skipped", () => {
    const vm = toProtectedVm(
      {
        id: itemId("web-01"),
        name: "VM;iaasvmcontainerv2;rg-kura-demo;web-01",
        properties: {
          protectedItemType: "Microsoft.Compute/virtualMachines",
          friendlyName: "web-01",
          sourceResourceId: `/subscriptions/${SUB}/resourceGroups/rg-kura-demo/providers/Microsoft.Compute/virtualMachines/web-01`,
          protectionState: "ProtectionStopped",
          policyId: `/subscriptions/${SUB}/resourceGroups/rg-kura-demo/providers/Microsoft.RecoveryServices/vaults/rsv-kura-demo/backupPolicies/weekly-wed`,
        },
      },
      vault,
    );
    assert.equal(vm?.vmName, "web-01");
    assert.equal(vm?.containerName, "IaasVMContainer;iaasvmcontainerv2;rg-kura-demo;web-01");
    assert.equal(vm?.itemName, "VM;iaasvmcontainerv2;rg-kura-demo;web-01");
    assert.equal(vm?.fabricName, "Azure");
    assert.equal(vm?.protectionState, "ProtectionStopped");
    assert.equal(vm?.policyName, "weekly-wed");
    assert.equal(
      toProtectedVm(
        {
          id: itemId("old"),
          properties: { protectedItemType: "Microsoft.ClassicCompute/virtualMachines", friendlyName: "old" },
        },
        vault,
      ),
      undefined,
    );
  });

  it("reads an ended operation's duration from Azure's start and end times, none while it runs", () => {
    const ended = toOperationSnapshot(
      {
        status: "Succeeded",
        startTime: new Date("2026-11-26T03:00:00Z"),
        endTime: new Date("2026-11-26T03:00:01.5Z"),
      },
      undefined,
    );
    assert.equal(ended.durationMs, 1_500);
    // Azure's placeholder end of a running operation is year 1.
    const running = toOperationSnapshot(
      {
        status: "InProgress",
        startTime: new Date("2026-11-26T03:00:00Z"),
        endTime: new Date("0001-01-01T00:00:00Z"),
      },
      undefined,
    );
    assert.equal(running.durationMs, undefined);
  });
});
