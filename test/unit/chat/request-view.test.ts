import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PreflightPreview } from "../../../src/commands/chat/preflight-preview.ts";
import { renderMessage, renderText } from "../../../src/commands/chat/render-message.ts";
import { requestView } from "../../../src/commands/chat/request-view.ts";
import type { BackupRequest } from "../../../src/commands/ports/requests.ts";

const base: BackupRequest = {
  id: "b-3f9a0c1b2d",
  vmName: "web-01",
  vault: { subscriptionId: "s", resourceGroup: "rg-kura-demo", name: "rsv-kura-demo" },
  retentionDays: 7,
  reason: "before patch",
  requester: { platform: "slack", id: "UALICE001", name: "alice" },
  conversation: { platform: "slack", channelId: "C1" },
  createdAt: "2026-11-26T03:00:00.000Z",
  expiresAt: "2026-11-26T04:00:00.000Z",
  status: "pending",
  version: 1,
};
const bob = { platform: "slack", id: "UBOB00001", name: "bob" };
const facts = (view: ReturnType<typeof requestView>, locale: "en" | "ja" = "en") =>
  Object.fromEntries(view.facts.map((f) => [renderMessage(f.label, locale), renderText(f.value, locale)]));

describe("requestView", () => {
  it("a pending card: approve/reject, the approval deadline, and preflight findings with remedies", () => {
    const preview: PreflightPreview = {
      rpLimit: 18,
      instantRestorePoints: 17,
      verdict: {
        refusals: [],
        warnings: [{ code: "RP_LIMIT_NEAR", message: "", params: { vm: "web-01", count: 18, limit: 18 } }],
      },
    };
    const view = requestView(base, preview, new Date("2026-11-26T03:10:00Z"));
    assert.deepEqual(view.actions, ["approve", "reject"]);
    assert.equal(renderMessage(view.title, "ja"), "web-01 のバックアップ: 承認待ち");
    assert.deepEqual(facts(view), {
      Request: "b-3f9a0c1b2d",
      VM: "web-01",
      Vault: "rsv-kura-demo (rg-kura-demo)",
      Retention: "7 days",
      Reason: "before patch",
      "Requested by": "alice",
      "Approval needed by": "2026-11-26 13:00 JST",
      "Restore points": "17 of 18 used (1 left)",
    });
    assert.deepEqual(
      view.notes.map((n) => n.level),
      ["warning"],
    );
    assert.match(renderMessage(view.notes[0]!.text, "en"), /shorter retention/);
  });

  it("no buttons on a pending request whose approval time has passed", () => {
    assert.deepEqual(requestView(base, undefined, new Date("2026-11-26T04:00:00Z")).actions, []);
  });

  it("a refused preview says the worker checks again; an unreadable one says so", () => {
    const refused = requestView(base, {
      rpLimit: 18,
      instantRestorePoints: 3,
      verdict: {
        refusals: [
          {
            code: "SCHEDULE_COLLISION",
            message: "",
            params: {
              vm: "web-01",
              scheduledRun: "2026-11-25T01:00:00.000Z",
              nextSafeTime: "",
              timeZone: "Asia/Tokyo",
            },
          },
        ],
        warnings: [],
      },
    });
    assert.deepEqual(
      refused.notes.map((n) => n.text.key),
      ["note.SCHEDULE_COLLISION_NO_SAFE", "note.preflightRecheck"],
    );
    const unknown = requestView(base, { rpLimit: 18, unavailable: "AZURE_THROTTLED" });
    assert.deepEqual(
      unknown.notes.map((n) => `${n.level}:${n.text.key}`),
      ["warning:note.previewUnavailable"],
    );
  });

  it("a running card: progress of the Azure job and a cancel button until cancel is asked", () => {
    const running: BackupRequest = {
      ...base,
      status: "running",
      decision: { by: bob, at: "2026-11-26T03:05:00.000Z" },
      progress: { step: "watch", task: "Take Snapshot", percent: 40, azureJobId: "job-1" },
    };
    const view = requestView(running);
    assert.deepEqual(view.actions, ["cancel"]);
    assert.deepEqual(view.progress, {
      text: { key: "progress.watch", params: { task: "Take Snapshot", percent: 40 } },
      percent: 40,
    });
    assert.equal(facts(view, "ja")["バックアップ ジョブ"], "job-1");
    assert.equal(facts(view)["Decided by"], "bob");
    const asked = requestView({ ...running, cancelRequested: { by: bob, at: "2026-11-26T03:20:00.000Z" } });
    assert.deepEqual(asked.actions, []);
    assert.deepEqual(
      asked.notes.map((n) => n.text.key),
      ["note.cancelRequested"],
    );
    assert.deepEqual(requestView({ ...running, status: "approved", progress: undefined }).actions, [
      "cancel",
    ]);
  });

  it("a succeeded card: recovery point, its expiry and restore points used", () => {
    const view = requestView({
      ...base,
      status: "succeeded",
      result: {
        azureJobId: "job-1",
        recoveryPointTime: "2026-11-26T03:30:00.000Z",
        recoveryPointExpiry: "2026-12-03T03:30:00.000Z",
        durationMs: 1,
        instantRestorePoints: 5,
        restorePointLimit: 18,
      },
    });
    assert.deepEqual(view.actions, []);
    const shown = facts(view);
    assert.equal(shown["Recovery point"], "2026-11-26 12:30 JST");
    assert.equal(shown["Recovery point expires"], "2026-12-03 12:30 JST");
    assert.equal(shown["Restore points"], "5 of 18 used (13 left)");
    assert.equal(shown["Approval needed by"], undefined);
  });

  it("a failed card: Azure's code and message, then the remedy", () => {
    const view = requestView({
      ...base,
      status: "failed",
      failure: {
        code: "AZURE_JOB_FAILED",
        message: "The Restore Point collection max limit has reached.",
        azureCode: "UserErrorRpCollectionLimitReached",
        remedy: "Open an emergency GC window.",
      },
    });
    assert.deepEqual(
      view.notes.map((n) => `${n.level}:${renderMessage(n.text, "en")}`),
      [
        "error:The Restore Point collection max limit has reached. (Azure: UserErrorRpCollectionLimitReached)",
        "info:What to do: Open an emergency GC window.",
      ],
    );
    for (const status of ["rejected", "expired", "cancelled"] as const) {
      assert.deepEqual(requestView({ ...base, status }).actions, [], status);
    }
  });
});
