/**
 * Operating kura: a real worker process (`node src/main.ts worker`) serves `/healthz`, `/readyz` and
 * `/metrics`; after a backup on the emulator (with some ARM throttling) its metrics parse and count what
 * happened; its log has one info line per step and per decision carrying the request id, VM, Azure job
 * id and duration; the same request id reached Azure as `x-ms-client-request-id` and came back on the
 * chat events.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { armOperationOf } from "../../../src/azure/arm-operation.ts";
import { startKuraProcess } from "../../helpers/kura-process.ts";
import { startKuraStack } from "../../helpers/kura-stack.ts";
import { requestAndApprove, waitFor, waitForEnd } from "../../helpers/lifecycle.ts";
import { find, parseExposition } from "../../helpers/prometheus.ts";

const ENV = {
  KURA_SCHEDULE_MARGIN_BEFORE_MINUTES: "0",
  KURA_SCHEDULE_MARGIN_AFTER_MINUTES: "0",
  KURA_LOG_LEVEL: "info",
};

interface Recorded {
  method: string;
  path: string;
  operation: string;
  status: number;
  clientRequestId?: string;
}

describe("health, metrics and request-following logs of a worker process", () => {
  it("answers probes, counts a backup in /metrics and follows its request id to Azure and back", async (t) => {
    const stack = await startKuraStack(t, { start: "now", env: ENV });
    const worker = startKuraProcess(stack, "worker");
    const base = `http://127.0.0.1:${await worker.port()}`;

    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const ready = await waitFor("the worker to be ready", async () => {
      const res = await fetch(`${base}/readyz`);
      return res.status === 200 ? ((await res.json()) as { checks: Record<string, boolean> }) : undefined;
    });
    assert.deepEqual(ready.checks, { redis: true, queues: true });

    await stack.admin.post("faults", { rate429: 0.2, seed: 11 });
    const request = await requestAndApprove(stack.runtime, "web-01");
    const done = await waitForEnd(stack.runtime, request.id, 90_000);
    await stack.admin.post("faults", { rate429: 0 });
    assert.equal(done.status, "succeeded", JSON.stringify(done.failure));
    const azureJobId = done.result?.azureJobId;
    assert.ok(azureJobId);

    // Metrics: parse the whole exposition, then look for what the backup did. The worker counts the
    // lifecycle when its run returns, a moment after the request's end is stored: a scrape may come
    // between the two, so the test scrapes until the count is there.
    const metrics = await waitFor("the backup to be counted in /metrics", async () => {
      const res = await fetch(`${base}/metrics`);
      assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
      const scraped = parseExposition(await res.text());
      const ended = find(scraped, "kura_lifecycles_total", { kind: "backup", outcome: "succeeded" });
      return ended.length > 0 ? scraped : undefined;
    });
    assert.equal(
      find(metrics, "kura_lifecycles_total", { kind: "backup", outcome: "succeeded" })[0]?.value,
      1,
    );
    for (const step of ["preflight", "resume", "trigger", "watch", "stop", "report"]) {
      const count = find(metrics, "kura_step_duration_seconds_count", { kind: "backup", step })[0]?.value;
      assert.equal(count, 1, `one ${step} step timed`);
    }
    const trigger =
      "POST Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/backup";
    assert.ok(find(metrics, "kura_azure_requests_total", { operation: trigger, status: "202" })[0]?.value);
    const throttled = find(metrics, "kura_azure_requests_total", { status: "429" });
    assert.ok(throttled.length > 0, "429s are counted");
    assert.ok(find(metrics, "kura_queue_jobs", { queue: stack.runtime.config.queues.lifecycle }).length > 0);
    assert.equal(find(metrics, "kura_queue_oldest_waiting_seconds").length, 3);
    assert.equal(find(metrics, "kura_pending_approvals")[0]?.value, 0);
    assert.ok((find(metrics, "kura_restore_points", { vm: "web-01" })[0]?.value ?? 0) >= 1);
    assert.ok(find(metrics, "kura_notification_delay_seconds", { stat: "max" }).length === 1);
    assert.equal(metrics.types.get("kura_gc_window_age_hours"), "gauge");
    assert.ok(find(metrics, "kura_process_cpu_seconds_total").length === 1, "process metrics");
    assert.ok(find(metrics, "kura_nodejs_eventloop_lag_seconds").length === 1);

    // Azure saw the request id on every call made for the request.
    const recorded = await stack.admin.get<Recorded[]>("requests");
    const ours = recorded.filter((r) => r.clientRequestId === request.id).map((r) => r.operation);
    for (const op of ["ProtectedItems_CreateOrUpdate", "Backups_Trigger", "BackupOperationStatuses_Get"]) {
      assert.ok(ours.includes(op), `${op} carried x-ms-client-request-id ${request.id}`);
    }

    // …and the least-privilege role grants every action those calls needed.
    const role = JSON.parse(readFileSync("manifest/azure/kura-backup-operator.role.json", "utf8")) as {
      Actions: string[];
    };
    const granted = new Set(role.Actions.map((a) => a.toLowerCase()));
    for (const r of recorded) {
      const { action } = armOperationOf(r.method, `https://arm.invalid${r.path}`);
      assert.ok(granted.has(action.toLowerCase()), `${r.method} ${r.path} needs ${action}`);
    }

    // One info line per step and per decision, each naming the request, the VM and its duration.
    const lines = worker.lines.filter((l) => l.requestId === request.id && l.level === 30);
    const steps = lines.filter((l) => typeof l.step === "string" && typeof l.next === "string");
    assert.deepEqual(
      steps.map((l) => l.step),
      ["preflight", "resume", "trigger", "watch", "stop", "report"],
    );
    for (const line of steps) {
      assert.equal(line.vmName, "web-01");
      assert.equal(typeof line.durationMs, "number");
    }
    assert.equal(steps.find((l) => l.step === "watch")?.azureJobId, azureJobId);
    const decision = lines.find((l) => l.decision === "succeeded");
    assert.ok(decision, "the outcome is logged as a decision");
    assert.equal(decision.azureJobId, azureJobId);
    // …and back: the chat events about the request carry the same id.
    await waitFor("the succeeded event to be printed", async () =>
      worker.lines.some((l) => l.event === "succeeded" && l.requestId === request.id) ? true : undefined,
    );
  });
});
