/**
 * System notices in the Slack notification channel: a restore point warning and a failed Azure job
 * with a "Request emergency window" button whose click opens an emergency request (the clicker is
 * the requester), a GC window summary edited in place, and every other notice in words, not keys.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { SystemEvent } from "../../../src/commands/ports/events.ts";
import { buttonBody, postSigned } from "../../helpers/slack-client.ts";
import {
  BOB,
  buttonsOf,
  OPS_CHANNEL,
  type SlackKura,
  startSlackKura,
  textOf,
} from "../../helpers/slack-kura.ts";

const AT = "2026-11-26T03:00:00.000Z";
const RAW_KEY = /\b(system|summary|advice|title|event|action)\.[a-z]/;

function rpWarning(vmName: string): SystemEvent {
  return {
    id: `rp-warning-${vmName}-${AT}`,
    at: AT,
    type: "rp-warning",
    vmName,
    count: 17,
    limit: 18,
    level: "warn",
    reachesLimitAt: "2026-11-27T03:00:00.000Z",
    nextWindowOpensAt: "2026-11-28T15:00:00.000Z",
    gcBy: "2026-11-29T15:00:00.000Z",
    advice: "emergency-window",
    message: `${vmName} holds 17 of 18 instant restore points.`,
    remedy: `Open an emergency GC window (\`/backup gc open ${vmName} 48h\`).`,
    action: "request-emergency-window",
  };
}

/** Clicks the "Request emergency window" button of a notice, as Slack sends it. */
function clickNotice(kura: SlackKura, user: string, message: { ts: string; channel: string }, vm: string) {
  return postSigned(
    `${kura.url}/slack/events`,
    buttonBody({
      actionId: "kura_request_emergency",
      requestId: vm,
      user,
      channel: message.channel,
      messageTs: message.ts,
      responseUrl: kura.slack.responseUrl("notice"),
    }),
  );
}

test("an rp-warning shows count of 18, forecast and advice with a button; the click opens an emergency request by the clicker", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.stack.runtime.events.emit(rpWarning("db-01"));
  const notice = await kura.slack.waitFor("the warning", () => kura.slack.cards(OPS_CHANNEL)[0]);
  const text = textOf(notice);
  assert.match(text, /Restore point warnings: 1/);
  assert.match(
    text,
    /db-01: 17 of 18 restore points used; at its recent rate it is full around 2026-11-27 12:00 JST/,
  );
  assert.match(text, /Open an emergency GC window \(`\/backup gc open db-01 48h`\)/);
  assert.doesNotMatch(text, RAW_KEY);
  const button = notice.blocks.find((b) => b.accessory)?.accessory;
  assert.equal(button?.action_id, "kura_request_emergency");
  assert.equal(button?.value, "db-01");
  assert.equal(button?.text.text, "Request emergency window");

  assert.equal((await clickNotice(kura, BOB, notice, "db-01")).status, 200);
  const card = await kura.slack.waitFor("the emergency card", () =>
    kura.slack.cards(OPS_CHANNEL).find((m) => /Emergency GC window for db-01/.test(textOf(m))),
  );
  assert.match(textOf(card), /waiting for approval/);
  assert.match(textOf(card), /48 h/);
  assert.deepEqual(buttonsOf(card), ["kura_approve", "kura_reject"]);
  const request = await kura.stack.runtime.gc.emergencyStore.get(kura.requestIdOf(card));
  assert.equal(request?.requester.id, BOB, "the clicker asked");
  assert.deepEqual(request?.conversation, { platform: "slack", channelId: OPS_CHANNEL });
});

test("a failed Azure job shows Azure's code, the remedy and the button", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.stack.runtime.events.emit({
    id: "job-failed-j1",
    at: AT,
    type: "azure-job-failed",
    vmName: "web-02",
    jobId: "j1",
    vault: "rsv-kura-demo",
    azureCode: "UserErrorRpCollectionLimitReached",
    message: "Backup of web-02 failed: the restore point collection is full.",
    remedy: "Let GC run: open an emergency window.",
    isUserTriggered: false,
    action: "request-emergency-window",
  });
  const notice = await kura.slack.waitFor("the notice", () => kura.slack.cards(OPS_CHANNEL)[0]);
  const text = textOf(notice);
  assert.match(text, /Failed Azure backup jobs: 1/);
  assert.match(text, /web-02: an Azure backup job failed \(Azure: UserErrorRpCollectionLimitReached\)/);
  assert.match(text, /What to do: Let GC run/);
  assert.equal(notice.blocks.find((b) => b.accessory)?.accessory.value, "web-02");
});

test("a GC window summary is one message edited in place: N of M, failures with reasons, final state", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const progress = (seq: number, done: number, finished: boolean): SystemEvent => ({
    id: `gc-open-${AT}:1:${seq}`,
    at: AT,
    type: "gc-window-progress",
    summaryId: `gc-open-${AT}`,
    phase: "open",
    reason: "scheduled",
    opensAt: "2026-11-28T15:00:00.000Z",
    closesAt: "2026-11-29T21:00:00.000Z",
    attempt: 1,
    seq,
    total: 5,
    done,
    settled: Math.max(0, done - 1),
    busy: 0,
    keptOn: 0,
    failures:
      done >= 2
        ? [{ vmName: "web-02", code: "AZURE_CONFLICT", message: "Another operation is running." }]
        : [],
    finished,
  });
  await kura.stack.runtime.events.emit(progress(0, 0, false));
  const summary = await kura.slack.waitFor("the summary", () => kura.slack.cards(OPS_CHANNEL)[0]);
  assert.match(textOf(summary), /Opening the GC window: 0 of 5 VMs handled/);
  await kura.stack.runtime.events.emit(progress(1, 2, false));
  await kura.stack.runtime.events.emit(progress(2, 5, true));
  await kura.slack.waitFor("the final state", () =>
    /GC window opened for 4 of 5 VMs, until 2026-11-30 06:00 JST/.test(textOf(summary)),
  );
  const text = textOf(summary);
  assert.match(text, /Failed on 1 VMs/);
  assert.match(text, /web-02: Another operation is running\. \(AZURE_CONFLICT\)/);
  assert.equal(kura.slack.cards(OPS_CHANNEL).length, 1, "edited, not re-posted");
  assert.ok(kura.slack.callsOf("chat.update").length >= 1);
});

test("reminders, overdue VMs, snapshot cleanups and drift repairs are shown in words, never as catalog keys", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  const events: SystemEvent[] = [
    {
      id: "r1",
      at: AT,
      type: "gc-window-reminder",
      opensAt: "2026-11-28T15:00:00.000Z",
      closesAt: "2026-11-29T21:00:00.000Z",
      timeZone: "Asia/Tokyo",
      managedVms: 5,
    },
    { id: "o1", at: AT, type: "gc-window-overdue", vmName: "app-01", days: 15, remedy: "…" },
    {
      id: "c1",
      at: AT,
      type: "snapshots-cleaned",
      deleted: [{ name: "kura-s1-os", resourceGroup: "rg", vmName: "batch-01", expiredAt: AT }],
      failed: [{ name: "kura-s1-lun0", resourceGroup: "rg", code: "AZURE_CONFLICT", message: "busy" }],
    },
    {
      id: "d1",
      at: AT,
      type: "drift-repaired",
      vmName: "web-01",
      from: "Protected",
      to: "ProtectionStopped",
      reasons: [],
    },
  ];
  for (const event of events) await kura.stack.runtime.events.emit(event);
  const posted = await kura.slack.waitFor("four notices", () => {
    const cards = kura.slack.cards(OPS_CHANNEL);
    return cards.length === 4 && cards;
  });
  const all = posted.map(textOf).join("\n");
  assert.doesNotMatch(all, RAW_KEY);
  assert.match(all, /The weekly GC window opens at 2026-11-29 00:00 JST/);
  assert.match(all, /app-01: never protected for a whole GC window in 15 days/);
  assert.match(all, /Deleted 1 expired disk snapshots; 1 could not be deleted/);
  assert.match(all, /kura-s1-lun0: AZURE_CONFLICT/);
  assert.match(all, /web-01: protected → protection stopped/);
});
