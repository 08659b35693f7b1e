import type { MaintenanceJobs } from "../gc/ports.ts";
import type { EventSink } from "../ports/events.ts";
import type { RequestStore } from "../ports/requests.ts";

/**
 * An event sink that also asks for a restore point check of the VM after every successful backup,
 * so a warning comes while the requester is still looking, not at the next daily check. The check
 * is asked with the VM's vault (from the request: the event does not carry it), so it reads that
 * vault only and is coalesced with the other backups of that vault.
 */
export function withRpCheckAfterBackup(
  sink: EventSink,
  jobs: MaintenanceJobs,
  requests: Pick<RequestStore, "get">,
): EventSink {
  return {
    async emit(event) {
      await sink.emit(event);
      if (event.type !== "succeeded") return;
      const vault = (await requests.get(event.requestId))?.vault;
      await jobs.checkRestorePoints({ vmName: event.vmName, ...(vault ? { vault } : {}) }, event.requestId);
    },
  };
}
