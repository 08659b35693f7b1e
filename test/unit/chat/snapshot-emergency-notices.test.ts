/**
 * The cards and notices of disk snapshots, emergency GC windows and system events, rendered in both
 * languages: the words a user reads, and that no key falls through as raw text.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emergencyView } from "../../../src/commands/chat/emergency-view.ts";
import { LIMITS } from "../../../src/commands/chat/parse-command.ts";
import { renderMessage, renderText } from "../../../src/commands/chat/render-message.ts";
import { requestView } from "../../../src/commands/chat/request-view.ts";
import { systemNotice } from "../../../src/commands/chat/system-notice.ts";
import type { Locale, Message, RequestView } from "../../../src/commands/chat/types.ts";
import { MAX_EMERGENCY_HOURS } from "../../../src/commands/gc/emergency-window.ts";
import type { EmergencyRequest } from "../../../src/commands/gc/ports.ts";
import type { SystemEvent } from "../../../src/commands/ports/events.ts";
import type { BackupRequest } from "../../../src/commands/ports/requests.ts";
import { MAX_KEEP_DAYS } from "../../../src/commands/snapshot/request-snapshot.ts";

const vault = { subscriptionId: "s", resourceGroup: "rg-kura-demo", name: "rsv-kura-demo" };
const alice = { platform: "slack", id: "UALICE001", name: "alice" };
const bob = { platform: "slack", id: "UBOB00001", name: "bob" };
const NOW = new Date("2026-11-26T03:10:00Z");
const RAW_KEY = /^[a-z]+\.[A-Za-z.-]+$/;

const facts = (view: RequestView, locale: Locale = "en") =>
  Object.fromEntries(view.facts.map((f) => [renderMessage(f.label, locale), renderText(f.value, locale)]));
const rendered = (messages: Message[], locale: Locale) => messages.map((m) => renderMessage(m, locale));

const snapshot: BackupRequest = {
  id: "b-5a5a5a5a5a",
  kind: "snapshot",
  vmName: "batch-01",
  vault,
  retentionDays: 14,
  requester: alice,
  conversation: { platform: "slack", channelId: "C1" },
  createdAt: "2026-11-26T03:00:00.000Z",
  expiresAt: "2026-11-26T04:00:00.000Z",
  status: "pending",
  version: 1,
};

describe("the disk snapshot card", () => {
  it("pending: 'Disk snapshot of', keep days, what approving does; no restore point facts", () => {
    const view = requestView(snapshot, undefined, NOW);
    assert.equal(renderMessage(view.title, "en"), "Disk snapshot of batch-01: waiting for approval");
    assert.equal(renderMessage(view.title, "ja"), "batch-01 のディスク スナップショット: 承認待ち");
    assert.equal(facts(view)["Kept for"], "14 days");
    assert.equal(facts(view, "ja").保持期間, "14 日");
    assert.equal(facts(view).Retention, undefined);
    assert.match(renderMessage(view.notes[0]!.text, "en"), /one managed disk snapshot per disk of batch-01/);
    assert.deepEqual(view.actions, ["approve", "reject"]);
  });

  it("running shows the disk being snapshotted; done lists snapshots with disks and expiry", () => {
    const running = requestView(
      {
        ...snapshot,
        status: "running",
        progress: { step: "snapshot", task: "batch-01_DataDisk_0", percent: 33 },
      },
      undefined,
      NOW,
    );
    assert.equal(renderMessage(running.progress!.text, "en"), "Snapshotting disk batch-01_DataDisk_0 33%");
    const done = requestView({
      ...snapshot,
      status: "succeeded",
      result: {
        azureJobId: "",
        recoveryPointTime: "2026-11-26T03:05:00.000Z",
        recoveryPointExpiry: "2026-12-10T03:05:00.000Z",
        durationMs: 1000,
        restorePointLimit: 0,
        snapshots: [
          { name: "kura-b-5a-os", id: "/x/os", disk: "batch-01_OsDisk_1", resourceGroup: "rg" },
          { name: "kura-b-5a-lun0", id: "/x/l0", disk: "batch-01_DataDisk_0", resourceGroup: "rg" },
        ],
      },
    });
    const shown = facts(done);
    assert.equal(
      shown["Snapshots (disk)"],
      "kura-b-5a-os (batch-01_OsDisk_1)\nkura-b-5a-lun0 (batch-01_DataDisk_0)",
    );
    assert.equal(shown["Deleted by kura at"], "2026-12-10 12:05 JST");
    for (const label of ["Recovery point", "Restore points", "Azure job"])
      assert.equal(shown[label], undefined);
  });

  it("the parser and the use case share the bounds", () => {
    assert.equal(LIMITS.snapshotKeepDays.max, MAX_KEEP_DAYS);
    assert.equal(LIMITS.gcOpenHours.max, MAX_EMERGENCY_HOURS);
  });
});

const emergency: EmergencyRequest = {
  id: "e0123456789",
  vmName: "db-01",
  vault,
  hours: 48,
  requester: alice,
  conversation: { platform: "slack", channelId: "C1" },
  createdAt: "2026-11-26T03:00:00.000Z",
  expiresAt: "2026-11-26T04:00:00.000Z",
  status: "pending",
  version: 1,
};

describe("the emergency window card", () => {
  it("pending: buttons until the approval deadline, the window's length, what approving does", () => {
    const view = emergencyView(emergency, NOW);
    assert.equal(renderMessage(view.title, "en"), "Emergency GC window for db-01: waiting for approval");
    assert.equal(renderMessage(view.title, "ja"), "db-01 の緊急 GC ウィンドウ: 承認待ち");
    assert.deepEqual(view.actions, ["approve", "reject"]);
    assert.equal(facts(view).Window, "48 h");
    assert.match(renderMessage(view.notes[0]!.text, "en"), /on for 48 h/);
    assert.deepEqual(emergencyView(emergency, new Date("2026-11-26T04:00:00Z")).actions, []);
  });

  it("approved: who, when it opened and closes; rejected: the reason; closed has a status word", () => {
    const approved = emergencyView(
      {
        ...emergency,
        status: "approved",
        version: 2,
        decision: { by: bob, at: "2026-11-26T03:20:00.000Z" },
        opensAt: "2026-11-26T03:20:00.000Z",
        closesAt: "2026-11-28T03:20:00.000Z",
      },
      NOW,
    );
    assert.deepEqual(approved.actions, []);
    assert.equal(facts(approved)["Decided by"], "bob");
    assert.equal(facts(approved)["Closes at"], "2026-11-28 12:20 JST");
    const rejected = emergencyView(
      { ...emergency, status: "rejected", decision: { by: bob, at: NOW.toISOString(), reason: "not now" } },
      NOW,
    );
    assert.equal(facts(rejected)["Reason for rejection"], "not now");
    assert.equal(renderMessage({ key: "status.closed" }, "ja"), "終了済み");
  });
});

const AT = "2026-11-26T03:00:00.000Z";
const events: SystemEvent[] = [
  {
    id: "p",
    at: AT,
    type: "gc-window-progress",
    summaryId: "gc-close-x",
    phase: "close",
    reason: "recovered",
    opensAt: AT,
    closesAt: AT,
    attempt: 1,
    seq: 3,
    total: 5,
    done: 5,
    settled: 2,
    busy: 1,
    keptOn: 1,
    failures: [{ vmName: "web-02", code: "AZURE_CONFLICT", message: "busy" }],
    finished: true,
  },
  {
    id: "w",
    at: AT,
    type: "rp-warning",
    vmName: "db-01",
    count: 18,
    limit: 18,
    level: "limit",
    nextWindowOpensAt: AT,
    gcBy: AT,
    advice: "emergency-window",
    message: "",
    remedy: "",
    action: "request-emergency-window",
  },
  { id: "o", at: AT, type: "gc-window-overdue", vmName: "app-01", lastFullWindowAt: AT, days: 9, remedy: "" },
  { id: "r", at: AT, type: "gc-window-reminder", opensAt: AT, closesAt: AT, timeZone: "UTC", managedVms: 5 },
  {
    id: "j",
    at: AT,
    type: "azure-job-failed",
    vmName: "web-01",
    jobId: "j",
    vault: "v",
    message: "Backup failed.",
    isUserTriggered: true,
  },
  { id: "c", at: AT, type: "snapshots-cleaned", deleted: [], failed: [] },
];

describe("system notices", () => {
  it("every notice and detail renders in words in both languages", () => {
    for (const event of events) {
      const notice = systemNotice(event);
      for (const locale of ["en", "ja"] as const) {
        for (const text of rendered([notice.text, ...notice.details], locale)) {
          assert.doesNotMatch(text, RAW_KEY, `${event.type} ${locale}`);
          assert.doesNotMatch(text, /\{[a-zA-Z]+(:[a-z]+)?\}/, `${event.type} ${locale}: ${text}`);
        }
      }
    }
  });

  it("a closing summary: settled of total, busy, kept on, failures with reasons, recovered", () => {
    const notice = systemNotice(events[0]!);
    assert.equal(renderMessage(notice.text, "en"), "GC window closed: protection stopped for 2 of 5 VMs");
    assert.deepEqual(rendered(notice.details, "en"), [
      "Run at start-up, for a window missed while kura was down.",
      "1 VMs are still backing up; each backup stops protection when it ends.",
      "1 VMs stay protected for an emergency GC window.",
      "Failed on 1 VMs (the reconciler tries again):",
      "web-02: busy (AZURE_CONFLICT)",
    ]);
  });

  it("an rp-warning at the limit offers the emergency window button; a job without a code says so", () => {
    const warning = systemNotice(events[1]!);
    assert.match(renderMessage(warning.text, "en"), /18 of 18 .*refuses every backup/);
    assert.deepEqual(warning.action?.vm, "db-01");
    assert.equal(renderMessage(warning.action!.label, "ja"), "緊急ウィンドウを依頼");
    const job = systemNotice(events[4]!);
    assert.equal(renderMessage(job.text, "en"), "web-01: an Azure backup job failed");
    assert.equal(job.action, undefined);
  });
});
