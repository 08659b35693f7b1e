import type { MaintenanceJobs } from "../gc/ports.ts";
import type { EventSink } from "../ports/events.ts";

/**
 * An event sink that also asks for a restore point check of the VM after every successful backup,
 * so a warning comes while the requester is still looking, not at the next daily check.
 */
export function withRpCheckAfterBackup(sink: EventSink, jobs: MaintenanceJobs): EventSink {
  return {
    async emit(event) {
      await sink.emit(event);
      if (event.type === "succeeded") await jobs.checkRestorePoints(event.vmName, event.requestId);
    },
  };
}
