/** Unit tests of the simulation's building blocks: queue order, clock, schedules (DST), filters, seeds. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFilter, parseFilterDate } from "../../src/azure/emulator/arm/odata-filter.ts";
import { DEFAULT_BEHAVIOUR, mergeBehaviour } from "../../src/azure/emulator/behaviour.ts";
import { VirtualClock } from "../../src/azure/emulator/core/clock.ts";
import { EventQueue } from "../../src/azure/emulator/core/event-queue.ts";
import type { Policy } from "../../src/azure/emulator/core/model.ts";
import { Prng } from "../../src/azure/emulator/core/prng.ts";
import { ianaZone, nextRun } from "../../src/azure/emulator/core/schedule.ts";
import { createSimulation } from "../../src/azure/emulator/core/world.ts";
import { defaultSeed } from "../../src/azure/emulator/emulator.ts";
import { generateFleet } from "../../src/azure/emulator/seed/generate.ts";
import { parseSeed, SeedError } from "../../src/azure/emulator/seed/schema.ts";

describe("event queue", () => {
  it("pops in time order, ties in insertion order, only when due", () => {
    const q = new EventQueue<string>();
    for (const [at, e] of [
      [5, "c"],
      [1, "a"],
      [5, "d"],
      [3, "b"],
      [9, "e"],
    ] as const)
      q.push(at, e);
    const out: string[] = [];
    for (let e = q.popDue(5); e; e = q.popDue(5)) out.push(e.event);
    assert.deepEqual(out, ["a", "b", "c", "d"]);
    assert.equal(q.peekAt(), 9);
  });
});

describe("virtual clock", () => {
  it("runs at its speed, advances, and never goes backwards", () => {
    let real = 0;
    const clock = new VirtualClock(1_000, 60, () => real);
    real = 10;
    assert.equal(clock.now(), 1_600);
    clock.advance(400);
    assert.equal(clock.now(), 2_000);
    clock.setSpeed(0);
    real = 1_000;
    assert.equal(clock.now(), 2_000);
    assert.throws(() => clock.set(1_000), RangeError);
  });
});

describe("policy schedules", () => {
  const policy = (zone: string, days: Policy["runDays"], times: string[]): Policy => ({
    key: "k",
    vaultKey: "v",
    name: "p",
    windowsTimeZone: zone,
    ianaZone: ianaZone(zone),
    frequency: "Weekly",
    runDays: days,
    runTimes: times,
    instantRpRetentionDays: 2,
    retentionCount: 4,
  });

  it("maps Windows zone names to IANA", () => {
    assert.equal(ianaZone("Tokyo Standard Time"), "Asia/Tokyo");
    assert.throws(() => ianaZone("Mars Standard Time"), RangeError);
  });

  it("finds Wednesday 10:00 Tokyo as 01:00 UTC", () => {
    const p = policy("Tokyo Standard Time", ["Wednesday"], ["10:00"]);
    assert.equal(
      new Date(nextRun(p, Date.parse("2025-01-06T00:00:00Z")) ?? 0).toISOString(),
      "2025-01-08T01:00:00.000Z",
    );
    // Strictly after: at the run time itself the next one is a week later.
    assert.equal(
      new Date(nextRun(p, Date.parse("2025-01-08T01:00:00Z")) ?? 0).toISOString(),
      "2025-01-15T01:00:00.000Z",
    );
  });

  it("follows DST: Sunday 10:00 Pacific is 18:00 UTC before 9 March 2025 and 17:00 UTC after", () => {
    const p = policy("Pacific Standard Time", ["Sunday"], ["10:00"]);
    assert.equal(
      new Date(nextRun(p, Date.parse("2025-03-01T00:00:00Z")) ?? 0).toISOString(),
      "2025-03-02T18:00:00.000Z",
    );
    assert.equal(
      new Date(nextRun(p, Date.parse("2025-03-03T00:00:00Z")) ?? 0).toISOString(),
      "2025-03-09T17:00:00.000Z",
    );
  });
});

describe("OData filters", () => {
  it("parses key eq 'value' clauses joined by and", () => {
    const f = parseFilter("status eq 'InProgress' and startTime eq '2016-01-01 00:00:00 AM'", [
      "status",
      "startTime",
    ]);
    assert.equal(f.get("status"), "InProgress");
    assert.equal(parseFilterDate(f.get("starttime") as string, "startTime"), Date.UTC(2016, 0, 1, 0, 0, 0));
    assert.equal(parseFilterDate("2017-11-29 12:30:00 PM", "endTime"), Date.UTC(2017, 10, 29, 12, 30, 0));
    assert.equal(parseFilterDate("2017-11-29 12:30:00 AM", "endTime"), Date.UTC(2017, 10, 29, 0, 30, 0));
  });

  it("refuses syntax errors and unknown keys", () => {
    assert.throws(() => parseFilter("status = 'x'", ["status"]));
    assert.throws(() => parseFilter("status eq 'x' or status eq 'y'", ["status"]));
    assert.throws(() => parseFilter("vmName eq 'x'", ["status"]));
  });
});

describe("determinism, seeds and behaviour", () => {
  it("produces the same ids from the same seed", () => {
    const a = new Prng(9);
    const b = new Prng(9);
    assert.equal(a.guid(), b.guid());
    assert.match(new Prng(1).guid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("loads the default seed: five stopped VMs, db-01 at 16 instant points", () => {
    const sim = createSimulation(
      new VirtualClock(Date.parse("2025-01-06T00:00:00Z"), 0),
      DEFAULT_BEHAVIOUR,
      defaultSeed(),
    );
    const items = [...sim.store.items.values()];
    assert.deepEqual(
      items.map((i) => i.vmName),
      ["web-01", "web-02", "db-01", "app-01", "batch-01"],
    );
    assert.ok(items.every((i) => i.protectionState === "ProtectionStopped"));
    assert.equal(
      items.find((i) => i.vmName === "db-01")?.recoveryPoints.filter((r) => r.instant === "Valid").length,
      16,
    );
  });

  it("generates the same large fleet for the same arguments, fast", () => {
    const a = generateFleet({ vms: 2000, vaults: 4 });
    assert.deepEqual(a, generateFleet({ vms: 2000, vaults: 4 }));
    assert.equal(a.vaults.length, 4);
    assert.equal(
      a.vaults.reduce((n, v) => n + v.items.length, 0),
      2000,
    );
    const sim = createSimulation(new VirtualClock(0, 0), DEFAULT_BEHAVIOUR, parseSeed(a));
    assert.equal(sim.store.items.size, 2000);
  });

  it("refuses bad seeds and unknown behaviour keys with precise messages", () => {
    assert.throws(() => parseSeed({ vaults: [{ name: 1 }] }), SeedError);
    const bad = structuredClone(defaultSeed());
    (bad.vaults[0] as { policies: { timeZone: string }[] }).policies[0]!.timeZone = "Nowhere Time";
    assert.throws(() => createSimulation(new VirtualClock(0, 0), DEFAULT_BEHAVIOUR, bad), /Nowhere Time/);
    assert.throws(() => mergeBehaviour(DEFAULT_BEHAVIOUR, { snapshotMinutes: 3 }), /unknown behaviour key/);
    assert.equal(
      mergeBehaviour(DEFAULT_BEHAVIOUR, { throttle: { readBucket: 5 } }).throttle.writeBucket,
      200,
    );
  });
});
