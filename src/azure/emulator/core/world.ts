/** Builds a ready simulation: clock, behaviour, event handlers and seed. */

import { onDiskOperationDone } from "../compute/snapshots.ts";
import { loadSeed } from "../seed/load.ts";
import type { BehaviourConfig, SeedData } from "../types.ts";
import { onSnapshotDone, onTransferDone, onTriggerDone } from "./backup.ts";
import { onCancelDone } from "./cancel.ts";
import type { VirtualClock } from "./clock.ts";
import { onGc } from "./gc.ts";
import { onProtectionDone } from "./protection.ts";
import { onScheduleRun } from "./schedule.ts";
import { type EventHandlers, Simulation } from "./simulation.ts";

const HANDLERS: EventHandlers = {
  protectionDone: (sim, e) => onProtectionDone(sim, e.operationId),
  triggerDone: (sim, e) => onTriggerDone(sim, e.operationId),
  snapshotDone: (sim, e) => onSnapshotDone(sim, e.jobId),
  transferDone: (sim, e) => onTransferDone(sim, e.jobId),
  cancelDone: (sim, e) => onCancelDone(sim, e.jobId, e.operationId),
  gc: (sim, e) => onGc(sim, e.itemKey, e.epoch),
  scheduleRun: (sim, e) => onScheduleRun(sim, e.policyKey, e.at),
  diskOperationDone: (sim, e) => onDiskOperationDone(sim, e.operationId),
};

export function createSimulation(
  clock: VirtualClock,
  behaviour: BehaviourConfig,
  seed: SeedData,
): Simulation {
  const sim = new Simulation(clock, behaviour, HANDLERS);
  loadSeed(sim, seed);
  return sim;
}
