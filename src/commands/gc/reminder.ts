import type { BackupGateway } from "../ports/backup-gateway.ts";
import type { Clock } from "../ports/clock.ts";
import type { EventSink } from "../ports/events.ts";
import { currentWindow, type GcWindowConfig, nextWindow } from "../schedule/gc-window.ts";

export interface ReminderDeps {
  gateway: BackupGateway;
  events: EventSink;
  clock: Clock;
  gcWindow: GcWindowConfig;
  isManaged(vmName: string): boolean;
}

/**
 * Announces the coming GC window (protection will be on, so ad-hoc backups skip resume/stop and the
 * policy's schedule must not fall inside). The event id is the window's, so a second firing for the
 * same window is dropped by the notification queue.
 */
export async function remindGcWindow(deps: ReminderDeps, signal?: AbortSignal): Promise<string | undefined> {
  const now = deps.clock.now();
  if (currentWindow(deps.gcWindow, now)) return undefined; // a late firing: the window is already open
  const window = nextWindow(deps.gcWindow, now);
  const vms = (await deps.gateway.listProtectedVms({ signal })).filter((vm) => deps.isManaged(vm.vmName));
  const id = `gc-reminder-${window.opensAt.toISOString()}`;
  await deps.events.emit({
    id,
    at: now.toISOString(),
    type: "gc-window-reminder",
    opensAt: window.opensAt.toISOString(),
    closesAt: window.closesAt.toISOString(),
    timeZone: deps.gcWindow.timeZone,
    managedVms: vms.length,
  });
  return id;
}
