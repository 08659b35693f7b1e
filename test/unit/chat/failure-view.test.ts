import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderText } from "../../../src/commands/chat/render-message.ts";
import { requestView } from "../../../src/commands/chat/request-view.ts";
import { milestoneOf } from "../../../src/commands/delivery/milestones.ts";
import type { RequestEvent } from "../../../src/commands/ports/events.ts";
import type { BackupRequest, Failure } from "../../../src/commands/ports/requests.ts";

const base: BackupRequest = {
  id: "b-0123456789",
  vmName: "web-01",
  vault: { subscriptionId: "s", resourceGroup: "rg", name: "v" },
  retentionDays: 7,
  requester: { platform: "slack", id: "U1" },
  conversation: { platform: "slack", channelId: "C1" },
  createdAt: "2026-11-25T00:00:00.000Z",
  expiresAt: "2026-11-26T00:00:00.000Z",
  status: "failed",
  version: 5,
};

const notesOf = (request: BackupRequest, locale: "en" | "ja") =>
  requestView(request).notes.map((note) => renderText(note.text, locale));

const failedEvent = (failure: Failure): RequestEvent => ({
  id: "e",
  at: base.createdAt,
  requestId: base.id,
  vmName: base.vmName,
  version: 5,
  conversation: base.conversation,
  type: "failed",
  failure,
});

describe("failures and warnings in the reader's language", () => {
  const noPolicy: Failure = {
    code: "NO_POLICY",
    message: "web-01 has no backup policy in Azure and no fallback policy is configured for vault v.",
    remedy: "Set vaults[].policy for v in kura's configuration to the weekly policy to resume with.",
    params: { vm: "web-01", vault: "v" },
  };

  it("renders a coded failure and its remedy in Japanese on the card and in the thread", () => {
    const notes = notesOf({ ...base, failure: noPolicy }, "ja");
    assert.deepEqual(notes, [
      "web-01 には Azure のバックアップ ポリシーがなく、コンテナー v の代替ポリシーも構成されていません。 (NO_POLICY)",
      "対処方法: kura の構成で v の vaults[].policy に、再開に使う週次のバックアップ ポリシーを設定してください。",
    ]);
    const line = milestoneOf(failedEvent(noPolicy));
    assert.ok(line);
    assert.match(
      renderText(line, "ja"),
      /^バックアップ失敗: web-01 には .*\(NO_POLICY\)。対処方法: kura の構成で/,
    );
    assert.match(
      renderText(line, "en"),
      /^Backup failed: web-01 has no backup policy .*What to do: set vaults/,
    );
  });

  it("keeps Azure's own code verbatim beside the translated text", () => {
    const failure: Failure = {
      code: "AZURE_JOB_FAILED",
      message: "Azure backup job j-1 failed: guest agent",
      azureCode: "UserErrorGuestAgentStatusUnavailable",
      params: { jobId: "j-1", jobStatus: "Failed" },
    };
    const [text, remedy] = notesOf({ ...base, failure }, "ja");
    assert.match(text ?? "", /ジョブ j-1 .*\(Azure: UserErrorGuestAgentStatusUnavailable\)$/);
    assert.match(remedy ?? "", /^対処方法: VM エージェントが応答していません/);
  });

  it("shows a request stored before failures carried codes as it was stored", () => {
    const failure = {
      code: "AZURE_JOB_FAILED",
      message: "Azure backup job j-1 failed: boom",
      remedy: "Retry.",
    } as const;
    const request = { ...base, failure, warnings: ["After this backup web-01 will hold 17 of 18."] };
    assert.deepEqual(notesOf({ ...request, status: "failed" }, "ja"), [
      "After this backup web-01 will hold 17 of 18.",
      "Azure backup job j-1 failed: boom (AZURE_JOB_FAILED)",
      "対処方法: Retry.",
    ]);
  });

  it("renders a coded warning in the reader's language", () => {
    const request: BackupRequest = {
      ...base,
      status: "running",
      warnings: [{ code: "RP_LIMIT_NEAR", params: { vm: "web-01", count: 17, limit: 18 } }],
    };
    assert.match(
      notesOf(request, "ja")[0] ?? "",
      /^このバックアップ後、web-01 の復元ポイントは 18 個中 17 個/,
    );
    assert.match(notesOf(request, "en")[0] ?? "", /^After this backup web-01 will hold 17 of 18/);
  });
});
