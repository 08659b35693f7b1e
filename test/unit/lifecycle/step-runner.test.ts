import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runSteps, type StepCheckpoint, type StepRun } from "../../../src/commands/lifecycle/step-runner.ts";
import type { AuditLog } from "../../../src/commands/ports/audit.ts";
import type { EventSink, KuraEvent } from "../../../src/commands/ports/events.ts";
import type { BackupRequest, RequestStore } from "../../../src/commands/ports/requests.ts";
import { RequestJournal } from "../../../src/commands/requests/journal.ts";

type Step = "write" | "done";
interface Checkpoint extends StepCheckpoint {
  step: Step;
  intent?: string;
}

const request = { id: "r1", vmName: "web-01", version: 3 } as BackupRequest;

/** A step that saves its intent, then "writes to Azure", then moves on: the shape of resume and trigger. */
function harness(sink: EventSink) {
  const log: string[] = [];
  const journal = new RequestJournal({
    requests: {} as RequestStore,
    events: sink,
    audit: {} as AuditLog,
    clock: { now: () => new Date("2026-12-03T00:00:00Z") },
  });
  const run: StepRun<Checkpoint> = {
    deps: { journal, settings: { maxTransientErrors: 3 } },
    request,
    checkpoint: { step: "write" },
    async commit(next) {
      run.checkpoint = { ...run.checkpoint, ...next };
      log.push(`saved ${JSON.stringify(next)}`);
    },
  };
  const steps = {
    async write(r: StepRun<Checkpoint>) {
      log.push("step began");
      await r.commit({ intent: "write" });
      log.push("azure write");
      await r.commit({ step: "done" });
    },
  };
  const outcome = () => runSteps(run, { steps, onFailure: async () => ({ kind: "finished" }) });
  return { log, outcome };
}

describe("step runner: a step and its step-started event", () => {
  it("start together; the step passes its first checkpoint only once the event is written", async () => {
    let written!: () => void;
    const emitted: KuraEvent[] = [];
    const { log, outcome } = harness({
      emit: (event) => {
        emitted.push(event);
        return new Promise((resolve) => {
          written = () => {
            log.push(`event ${event.type} written`);
            resolve();
          };
        });
      },
    });
    const running = outcome();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ["step began", 'saved {"intent":"write"}'], "the step did not wait to begin");
    assert.equal(emitted[0]?.type, "step-started");
    written();
    assert.deepEqual(await running, { kind: "finished" });
    assert.deepEqual(log, [
      "step began",
      'saved {"intent":"write"}',
      "event step-started written",
      "azure write",
      'saved {"step":"done"}',
    ]);
  });

  it("an event that cannot be written stops the step at its first checkpoint, before Azure", async () => {
    const { log, outcome } = harness({
      emit: () => new Promise((_, reject) => setImmediate(() => reject(new Error("Redis went away")))),
    });
    await assert.rejects(outcome(), /Redis went away/);
    assert.equal(log.includes("azure write"), false);
  });
});
