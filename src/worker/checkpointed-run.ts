/**
 * The BullMQ side of a checkpointed run, shared by backup lifecycles and disk snapshot requests:
 * the checkpoint lives in the job's data (saved after every step, so a stalled job resumes where it
 * was); "try again later" moves the job to delayed without spending an attempt; a shutdown hands the
 * job back to the waiting list at its next checkpoint; and every step and decision is reported, with
 * the request id, VM, Azure job id and duration, inside the request's trace (so Azure calls carry it).
 */
import { DelayedError, type Job, WaitingError } from "bullmq";
import type { DecisionRecord, RunKind, RunObserver, StepRecord } from "../commands/ports/telemetry.ts";
import { currentTrace, withTrace } from "../trace.ts";
import { Drain } from "./drain.ts";

export interface ProcessorLog {
  info(object: object, message: string): void;
}

/** What a processor reports to, and the drain it obeys. */
export interface RunTracking {
  log: ProcessorLog;
  /** @defaultValue a drain that never starts */
  drain?: Drain | undefined;
  observer?: RunObserver | undefined;
}

export type RunOutcome = { kind: "finished" } | { kind: "wait"; delayMs: number; reason: string };

export interface CheckpointedRun<C extends { step: string }> {
  kind: RunKind;
  requestId: string;
  start: C;
  /** Where a checkpoint stands; a new position is a checkpoint a shutdown may stop at. */
  position(checkpoint: C): string;
  azureJobId?(checkpoint: C): string | undefined;
  persist(checkpoint: C): Promise<void>;
  run(save: (checkpoint: C) => Promise<void>, signal: AbortSignal): Promise<RunOutcome>;
  /** The request's VM, when the caller already knows it (else `ended()` is asked at the start). */
  vmName?: string;
  /** The request as it stands after the run: its status says how it ended. */
  ended(): Promise<{ status: string; vmName: string; failure?: { code: string } } | undefined>;
}

const ENDED = new Set(["succeeded", "failed", "cancelled"]);

export async function processCheckpointed<C extends { step: string }>(
  job: Job,
  token: string | undefined,
  signal: AbortSignal | undefined,
  spec: CheckpointedRun<C>,
  tracking: RunTracking,
): Promise<string> {
  const { kind, requestId } = spec;
  const drain = tracking.drain ?? new Drain();
  const ticket = drain.enter(spec.position(spec.start), signal);
  const began = Date.now();
  let stepBegan = began;
  let last = spec.start;
  let vmName: string | undefined;
  const common = () => ({ kind, requestId, vmName, azureJobId: spec.azureJobId?.(last) });
  const decide = (decision: DecisionRecord["decision"], extra: Partial<DecisionRecord> = {}) => {
    const record: DecisionRecord = {
      ...common(),
      decision,
      step: last.step,
      reason: undefined,
      delayMs: undefined,
      durationMs: Date.now() - began,
      ...extra,
    };
    tracking.log.info(record, `${kind} ${decision}`);
    tracking.observer?.decided(record);
  };
  const save = async (checkpoint: C) => {
    await spec.persist(checkpoint);
    const previous = last;
    last = checkpoint;
    if (checkpoint.step !== previous.step) {
      const now = Date.now();
      const record: StepRecord = {
        ...common(),
        step: previous.step,
        next: checkpoint.step,
        durationMs: now - stepBegan,
      };
      stepBegan = now;
      tracking.log.info(record, `${kind} step ${previous.step} finished`);
      tracking.observer?.stepFinished(record);
    }
    ticket.checkpointed(spec.position(checkpoint));
  };
  try {
    vmName = spec.vmName ?? (await spec.ended())?.vmName;
    const trace = { ...currentTrace(), requestId };
    const outcome = await withTrace(trace, () => spec.run(save, ticket.signal));
    if (outcome.kind === "wait") {
      decide("waiting", { reason: outcome.reason, delayMs: outcome.delayMs });
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    const request = await spec.ended();
    const status = request?.status ?? "gone";
    decide(ENDED.has(status) ? (status as DecisionRecord["decision"]) : "gone", {
      reason: request?.failure?.code,
    });
    return "finished";
  } catch (error) {
    if (error instanceof DelayedError || !ticket.handedOver(error)) throw error;
    decide("handed-over", { reason: "shutdown" });
    await job.moveToWait(token);
    throw new WaitingError();
  } finally {
    ticket.leave();
  }
}
