import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_JOB_WINDOW_MS,
  formatFilterDate,
  jobFilter,
  VM_ITEMS_FILTER,
} from "../../src/azure/odata.ts";
import { OperationPace } from "../../src/azure/operation-pace.ts";
import {
  type OperationSnapshot,
  operationIdFrom,
  settle,
  waitForOperation,
} from "../../src/azure/operations.ts";
import { retryAfterMs } from "../../src/azure/retry-after.ts";
import { KuraError } from "../../src/commands/errors.ts";
import type { JobFilter } from "../../src/commands/ports/backup-gateway.ts";

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });

describe("OData filters", () => {
  it("formats dates as yyyy-MM-dd hh:mm:ss tt in UTC (ref §2h)", () => {
    assert.equal(formatFilterDate(new Date("2024-02-01T00:00:00Z")), "2024-02-01 12:00:00 AM");
    assert.equal(formatFilterDate(new Date("2024-02-01T12:00:00Z")), "2024-02-01 12:00:00 PM");
    assert.equal(formatFilterDate(new Date("2024-12-31T13:05:09.999Z")), "2024-12-31 01:05:09 PM");
    assert.equal(formatFilterDate(new Date("2024-03-09T09:59:59+09:00")), "2024-03-09 12:59:59 AM");
    assert.throws(() => formatFilterDate(new Date("nope")), { code: "AZURE_INVALID_INPUT" });
  });

  it("the canonical item filter", () => {
    assert.equal(VM_ITEMS_FILTER, "backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'");
  });

  it("job filter with every field", () => {
    const f = jobFilter(
      {
        since: new Date("2024-01-01T00:00:00Z"),
        until: new Date("2024-01-02T15:30:00Z"),
        status: "InProgress",
        operation: "Backup",
      },
      new Date(),
    );
    assert.equal(
      f,
      "backupManagementType eq 'AzureIaasVM' and operation eq 'Backup' and status eq 'InProgress' and " +
        "startTime eq '2024-01-01 12:00:00 AM' and endTime eq '2024-01-02 03:30:00 PM'",
    );
  });

  it("one-sided ranges get a 30-day window, the open end is now", () => {
    const now = new Date("2024-05-01T10:00:00Z");
    assert.match(
      jobFilter({ since: new Date("2024-04-30T00:00:00Z") }, now),
      /endTime eq '2024-05-01 10:00:00 AM'/,
    );
    const until = new Date("2024-05-01T00:00:00Z");
    const from = formatFilterDate(new Date(until.getTime() - DEFAULT_JOB_WINDOW_MS));
    assert.match(jobFilter({ until }, now), new RegExp(`startTime eq '${from}'`));
    assert.equal(jobFilter({}, now), "backupManagementType eq 'AzureIaasVM'");
  });

  it("refuses values outside the closed sets (no injection through casts)", () => {
    const hostile = { status: "Failed' or status eq 'x" } as unknown as JobFilter;
    assert.throws(() => jobFilter(hostile, new Date()), { code: "AZURE_INVALID_INPUT" });
    const op = { operation: "Restore" } as unknown as JobFilter;
    assert.throws(() => jobFilter(op, new Date()), { code: "AZURE_INVALID_INPUT" });
  });
});

describe("operation tracking", () => {
  it("takes the op id from Azure-AsyncOperation, else Location (ref §2e)", () => {
    const base =
      "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v";
    assert.equal(
      operationIdFrom(
        headers({
          "azure-asyncoperation": `${base}/backupFabrics/Azure/x/operationsStatus/abc-123?api-version=2016-12-01`,
        }),
      ),
      "abc-123",
    );
    assert.equal(
      operationIdFrom(headers({ location: `${base}/operationResults/def-456?api-version=1` })),
      "def-456",
    );
    assert.equal(operationIdFrom(headers({ "azure-asyncoperation": "https://h/x/../%27;drop" })), undefined);
    assert.equal(operationIdFrom(headers({})), undefined);
  });

  it("reads Retry-After in seconds, milliseconds or as a date", () => {
    assert.equal(retryAfterMs(headers({ "retry-after": "60" })), 60_000);
    assert.equal(retryAfterMs(headers({ "x-ms-retry-after-ms": "250" })), 250);
    assert.equal(retryAfterMs(headers({ "retry-after": "soon" })), undefined);
    assert.equal(retryAfterMs(headers({ "retry-after": new Date(10_000).toUTCString() }), 4_000), 6_000);
  });

  const snap = (status: string, extra: Partial<OperationSnapshot> = {}): OperationSnapshot => ({
    status,
    error: undefined,
    jobId: undefined,
    retryAfterMs: undefined,
    ...extra,
  });

  it("polls until the operation leaves InProgress", async () => {
    const answers = [
      snap("InProgress"),
      snap("InProgress", { retryAfterMs: 1 }),
      snap("Succeeded", { jobId: "job-1" }),
    ];
    let reads = 0;
    const done = await waitForOperation(async () => answers[reads++] ?? snap("Invalid"), 60_000, "backup", {
      minIntervalMs: 1,
      maxIntervalMs: 5,
    });
    assert.equal(reads, 3);
    assert.equal(done.jobId, "job-1");
  });

  it("learns how long operations of a kind take from Azure's own times and records each finished one", async () => {
    const pace = new OperationPace();
    assert.equal(pace.typicalMs("resume protection"), undefined);
    for (const ms of [400, 100, 300, 200]) pace.record("resume protection", ms);
    // Three of the last four were done by 300 ms: the first look comes then.
    assert.equal(pace.typicalMs("resume protection"), 300);
    assert.equal(pace.typicalMs("backup"), undefined);
    const done = await waitForOperation(
      async () => snap("Succeeded", { durationMs: 40 }),
      60_000,
      "backup",
      { minIntervalMs: 1, maxIntervalMs: 5 },
      undefined,
      pace,
    );
    assert.equal(done.status, "Succeeded");
    assert.equal(pace.typicalMs("backup"), 40);
  });

  it("looks first when operations of the kind were done lately, even before the shortest blind interval", async () => {
    const pace = new OperationPace();
    for (let i = 0; i < 4; i++) pace.record("resume protection", 150);
    const began = Date.now();
    await waitForOperation(
      async () => snap("Succeeded"),
      60_000,
      "resume protection",
      { minIntervalMs: 10_000, maxIntervalMs: 20_000 },
      undefined,
      pace,
    );
    // Learnt 150 ms, not the 10 s minimum: the test would take 10 s otherwise.
    assert.ok(Date.now() - began < 5_000, `first look after ${Date.now() - began} ms`);
  });

  it("with nothing learnt yet, one operation scouts early and the others look as soon as it has learnt", async () => {
    const pace = new OperationPace();
    const settings = { minIntervalMs: 10_000, maxIntervalMs: 20_000 };
    const began = Date.now();
    // Both operations take 150 ms by Azure's clock; the scout's is still running at its first look.
    let scoutReads = 0;
    let waiterReads = 0;
    const scout = waitForOperation(
      async () => {
        scoutReads++;
        return Date.now() - began < 150 ? snap("InProgress") : snap("Succeeded", { durationMs: 150 });
      },
      60_000,
      "resume protection",
      settings,
      undefined,
      pace,
    );
    const waiter = waitForOperation(
      async () => {
        waiterReads++;
        return snap("Succeeded", { durationMs: 150 });
      },
      60_000,
      "resume protection",
      settings,
      undefined,
      pace,
    );
    await Promise.all([scout, waiter]);
    // Not the 10 s blind minimum for either: the scout looked from 100 ms, the other when it learnt.
    assert.ok(Date.now() - began < 5_000, `both done after ${Date.now() - began} ms`);
    assert.ok(scoutReads >= 2, `the scout looked ${scoutReads} times`);
    assert.equal(waiterReads, 1, "the other operation looked once, when its kind was known");
    assert.equal(pace.typicalMs("resume protection"), 150);
    // The next operation of the kind has evidence: nobody scouts it any more.
    assert.equal(pace.scout("resume protection"), false);
  });

  it("rides out a throttled status read instead of failing the tracked write", async () => {
    let reads = 0;
    const done = await waitForOperation(
      async () => {
        reads++;
        if (reads === 1) throw new KuraError("AZURE_THROTTLED", "slow down", { retryAfterMs: 1 });
        return snap("Succeeded", { jobId: "job-2" });
      },
      1,
      "backup",
      { minIntervalMs: 1, maxIntervalMs: 5 },
    );
    assert.equal(done.jobId, "job-2");
    await assert.rejects(
      waitForOperation(
        async () => {
          throw new KuraError("AZURE_FORBIDDEN", "no");
        },
        1,
        "x",
        { minIntervalMs: 1 },
      ),
      { code: "AZURE_FORBIDDEN" },
    );
  });

  it("maps failed operations through the error table", () => {
    const failed = (code: string, message = "") => snap("Failed", { error: { code, message } });
    assert.throws(() => settle(failed("BMSUserErrorObjectLocked"), "x"), { code: "AZURE_CONFLICT" });
    assert.throws(() => settle(failed("X", "The Restore Point collection max limit has reached"), "x"), {
      code: "AZURE_RP_LIMIT_REACHED",
    });
    assert.throws(() => settle(failed("UserErrorSomething"), "x"), { code: "AZURE_INVALID_INPUT" });
    assert.throws(() => settle(failed("InternalError"), "x"), { code: "AZURE_UNAVAILABLE" });
    assert.throws(() => settle(snap("Canceled"), "x"), { code: "AZURE_CONFLICT" });
  });

  it("gives up after the timeout and stops at once on abort", async () => {
    await assert.rejects(
      waitForOperation(async () => snap("InProgress"), 1, "x", {
        minIntervalMs: 1,
        maxIntervalMs: 2,
        timeoutMs: 20,
      }),
      { code: "AZURE_UNAVAILABLE" },
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    await assert.rejects(
      waitForOperation(async () => snap("InProgress"), 1_000, "x", { minIntervalMs: 1_000 }, ac.signal),
      { code: "ABORTED" },
    );
  });
});
