/** The policy mapper on the spec's examples and hand-made V1/V2 schedules, deserialised by the real SDK. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { RecoveryServicesBackupClient } from "@azure/arm-recoveryservicesbackup";
import { createClient } from "../../src/azure/client.ts";
import { fixedTokenCredential } from "../../src/azure/credential.ts";
import { toBackupPolicy } from "../../src/azure/policy-mapper.ts";
import { fakeHttp } from "./fake-http.ts";

const EXAMPLES = new URL("./fixtures/spec-examples/", import.meta.url);

function example(path: string): unknown {
  return (
    JSON.parse(readFileSync(new URL(path, EXAMPLES), "utf8")) as {
      responses: Record<string, { body: unknown }>;
    }
  ).responses["200"]?.body;
}

function clientAnswering(body: unknown): RecoveryServicesBackupClient {
  return createClient("00000000-0000-0000-0000-000000000001", {
    credential: fixedTokenCredential(),
    httpClient: fakeHttp(() => ({ status: 200, body })),
  });
}

describe("policy mapper", () => {
  it("V1 daily (EX:ProtectionPolicies_Get.json): every day, 02:00 Pacific", async () => {
    const p = toBackupPolicy(
      await clientAnswering(example("ProtectionPolicies_Get.json")).protectionPolicies.get("v", "rg", "p"),
    );
    assert.equal(p.name, "testPolicy1");
    assert.equal(p.schedule.frequency, "Daily");
    assert.equal(p.schedule.days.length, 7);
    assert.deepEqual(p.schedule.times, ["02:00"]);
    assert.equal(p.schedule.windowsTimeZone, "Pacific Standard Time");
    assert.equal(p.schedule.timeZone, "America/Los_Angeles");
    assert.equal(p.instantRpRetentionDays, 2, "Azure's default when absent");
  });

  it("V2 daily (EX:v2-Get-Policy.json)", async () => {
    const p = toBackupPolicy(
      await clientAnswering(example("v2-Get-Policy.json")).protectionPolicies.get("v", "rg", "p"),
    );
    assert.equal(p.schedule.frequency, "Daily");
    assert.deepEqual(p.schedule.times, ["10:00"]);
    assert.equal(p.instantRpRetentionDays, 30);
  });

  const policy = (schedulePolicy: unknown, extra: Record<string, unknown> = {}) => ({
    id: "/p/weekly-wed",
    name: "weekly-wed",
    properties: { backupManagementType: "AzureIaasVM", schedulePolicy, ...extra },
  });

  it("V1 weekly Wednesday 10:00 Tokyo, instant RP 2 days", async () => {
    const body = policy(
      {
        schedulePolicyType: "SimpleSchedulePolicy",
        scheduleRunFrequency: "Weekly",
        scheduleRunDays: ["Wednesday"],
        scheduleRunTimes: ["2024-01-03T10:00:00Z"],
      },
      { timeZone: "Tokyo Standard Time", instantRpRetentionRangeInDays: 2 },
    );
    const p = toBackupPolicy(await clientAnswering(body).protectionPolicies.get("v", "rg", "weekly-wed"));
    assert.deepEqual(p.schedule, {
      frequency: "Weekly",
      days: ["Wednesday"],
      times: ["10:00"],
      windowsTimeZone: "Tokyo Standard Time",
      timeZone: "Asia/Tokyo",
    });
    assert.equal(p.instantRpRetentionDays, 2);
  });

  it("V2 weekly, several days and times; no time zone means UTC", async () => {
    const body = policy({
      schedulePolicyType: "SimpleSchedulePolicyV2",
      scheduleRunFrequency: "Weekly",
      weeklySchedule: {
        scheduleRunDays: ["Saturday", "Monday"],
        scheduleRunTimes: ["2018-01-24T22:30:00Z", "2018-01-24T06:00:00Z"],
      },
    });
    const p = toBackupPolicy(await clientAnswering(body).protectionPolicies.get("v", "rg", "x"));
    assert.deepEqual(p.schedule.days, ["Monday", "Saturday"]);
    assert.deepEqual(p.schedule.times, ["06:00", "22:30"]);
    assert.equal(p.schedule.windowsTimeZone, "UTC");
    assert.equal(p.schedule.timeZone, "Etc/UTC");
  });

  it("V2 hourly: every run in the window", async () => {
    const body = policy({
      schedulePolicyType: "SimpleSchedulePolicyV2",
      scheduleRunFrequency: "Hourly",
      hourlySchedule: {
        interval: 4,
        scheduleWindowStartTime: "2018-01-24T08:00:00Z",
        scheduleWindowDuration: 12,
      },
    });
    const p = toBackupPolicy(await clientAnswering(body).protectionPolicies.get("v", "rg", "x"));
    assert.equal(p.schedule.frequency, "Hourly");
    assert.deepEqual(p.schedule.times, ["08:00", "12:00", "16:00"]);
  });

  it("refuses non-VM policies and unknown time zones", () => {
    assert.throws(
      () => toBackupPolicy({ name: "sql", properties: { backupManagementType: "AzureWorkload" } }),
      {
        code: "AZURE_INVALID_INPUT",
      },
    );
    assert.throws(
      () =>
        toBackupPolicy({
          name: "p",
          properties: { backupManagementType: "AzureIaasVM", timeZone: "Mars Standard Time" },
        }),
      { code: "AZURE_INVALID_INPUT" },
    );
  });
});
