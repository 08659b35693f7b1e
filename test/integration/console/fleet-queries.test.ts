/**
 * The core's structured fleet queries (what the console's fleet panel shows) over the real gateway
 * and the emulator's demo world: restore points against the limit with the watch's forecast, the GC
 * window calendar, requests still waiting or running, and the newest audit entries.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fleetQueries } from "../../../src/compose/console.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";

test("the fleet at a glance: every managed VM, the GC calendar, active requests and the audit trail", async (t) => {
  const stack = await startKuraStack(t);
  const fleet = fleetQueries(stack.runtime);
  const reply = await stack.runtime.chat.handleCommand({
    text: "web-01",
    actor: { platform: "console", id: "aiko", name: "Aiko" },
    conversation: { platform: "console", channelId: "console" },
  });
  assert.equal(reply.kind, "request-created");

  const overview = await fleet.overview();
  assert.equal(overview.problem, undefined);
  const names = overview.vms.map((vm) => vm.vmName);
  assert.deepEqual(names, [...names].sort(), "sorted by name");
  const db = overview.vms.find((vm) => vm.vmName === "db-01");
  assert.equal(db?.restorePoints?.limit, 18);
  assert.equal(db?.restorePoints?.level, "warn", "the demo's db-01 is past the warning threshold");
  assert.ok(db?.lastBackupAt);
  for (const vm of overview.vms) assert.ok(vm.restorePoints, `${vm.vmName} has its restore points`);

  // Thursday noon in Tokyo: the window opens on Saturday 00:00 and closes 48 h later.
  assert.equal(overview.gc.open, undefined);
  assert.equal(overview.gc.next.opensAt, "2026-11-27T15:00:00.000Z");
  assert.equal(overview.gc.next.closesAt, "2026-11-29T15:00:00.000Z");
  if (overview.gc.reminderAt) assert.ok(overview.gc.reminderAt < overview.gc.next.opensAt);

  assert.deepEqual(
    overview.active.map((r) => [r.vmName, r.status, r.requester]),
    [["web-01", "pending", "Aiko"]],
  );
  assert.equal(overview.audit[0]?.action, "request.created");
});
