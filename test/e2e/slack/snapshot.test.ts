/**
 * `/backup snapshot` as a Slack user sees it: a refused running VM (why, and what to do instead), and
 * a deallocated VM's request carded, approved, snapshotted on the emulator and listed on the card.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, buttonsOf, CAROL, startSlackKura, textOf } from "../../helpers/slack-kura.ts";

interface AdminSnapshot {
  name: string;
  tags: Record<string, string>;
}

test("/backup snapshot of a running VM is refused with the crash-consistency reason and the remedy; no card", async (t) => {
  const kura = await startSlackKura(t, { startWorker: false });
  await kura.command(ALICE, "snapshot web-01");
  const answer = await kura.slack.waitFor("the ephemeral answer", () => kura.slack.callsOf("respond")[0]);
  assert.equal(answer.args.response_type, "ephemeral");
  const text = JSON.stringify(answer.args.blocks);
  assert.match(text, /web-01 is not deallocated/);
  assert.match(text, /crash-consistent/);
  assert.match(text, /deallocate web-01.*\/backup web-01/);
  assert.equal(kura.slack.callsOf("chat.postMessage").length, 0, "nothing to approve");
  assert.equal((await kura.stack.runtime.journal.requests.listRecent(5)).length, 0);
});

test("/backup snapshot of a deallocated VM: a Disk snapshot card, approve, snapshots on the emulator, the card lists them", async (t) => {
  const kura = await startSlackKura(t, { behaviour: { diskSnapshotMs: 300, snapshotDeleteMs: 200 } });
  await kura.command(ALICE, "snapshot batch-01 --keep 14d");
  const card = await kura.card();
  const pending = textOf(card);
  assert.match(pending, /Disk snapshot of batch-01: waiting for approval/);
  assert.match(pending, /Kept for\*\n14 days/);
  assert.doesNotMatch(pending, /Restore points|Preflight/, "Azure Backup's limits are not a snapshot's");
  assert.deepEqual(buttonsOf(card), ["kura_approve", "kura_reject"]);
  const requestId = kura.requestIdOf(card);

  await kura.click(CAROL, "approve", card);
  await kura.slack.waitFor(
    "the done card",
    () => /Disk snapshot of batch-01: done/.test(textOf(card)),
    60_000,
  );

  const inAzure = (await kura.stack.admin.get<{ snapshots: AdminSnapshot[] }>("compute")).snapshots.filter(
    (s) => s.tags["kura-request"] === requestId,
  );
  assert.deepEqual(inAzure.map((s) => s.name).sort(), [
    `kura-${requestId}-lun0`,
    `kura-${requestId}-lun1`,
    `kura-${requestId}-os`,
  ]);
  const done = textOf(card);
  assert.match(done, new RegExp(`kura-${requestId}-os \\(batch-01_OsDisk_1\\)`));
  assert.match(done, new RegExp(`kura-${requestId}-lun1 \\(batch-01_DataDisk_1\\)`));
  assert.match(done, /Deleted by kura at\*\n\d{4}-\d\d-\d\d \d\d:\d\d JST/);
  assert.doesNotMatch(done, /Recovery point|Azure job|Restore points/);
  assert.deepEqual(buttonsOf(card), []);
  await kura.slack.waitFor("the thread line", () =>
    kura.slack.replies(card.ts).some((m) => /3 disk snapshots taken, kept until/.test(m.text)),
  );
});
