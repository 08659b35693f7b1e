/**
 * System events (not tied to one request) as notices any chat adapter can show: a line, detail lines
 * and, when the event suggests one, an action for a button. Words come from the catalog (en + ja), built
 * from the events' structured fields, never from their English `message`s where a field says the same.
 */
import type {
  AzureJobFailedEvent,
  GcWindowOverdueEvent,
  GcWindowProgressEvent,
  RpWarningEvent,
  SuggestedAction,
} from "../gc/events.ts";
import type { SystemEvent } from "../ports/events.ts";
import type { SnapshotCleanupEvent } from "../snapshot/events.ts";
import type { Message } from "./types.ts";

export interface SystemNotice {
  /** The notice's line (a bullet in a burst summary, the headline of a window summary). */
  text: Message;
  details: Message[];
  /** A button: the action, the VM it is for, and its label. */
  action?: { action: SuggestedAction; vm: string; label: Message };
}

/** Detail lines listed per notice; the rest are counted. */
const DETAILS_SHOWN = 10;

type Params = Record<string, string | number>;
const msg = (key: string, params?: Params): Message => (params ? { key, params } : { key });

export function systemNotice(event: SystemEvent): SystemNotice {
  switch (event.type) {
    case "gc-window-progress":
      return progressNotice(event);
    case "gc-window-reminder": {
      const { opensAt, closesAt, managedVms } = event;
      return { text: msg("system.gc-window-reminder", { opensAt, closesAt, managedVms }), details: [] };
    }
    case "gc-window-overdue":
      return overdueNotice(event);
    case "rp-warning":
      return rpNotice(event);
    case "azure-job-failed":
      return jobNotice(event);
    case "snapshots-cleaned":
      return cleanupNotice(event);
    case "drift-repaired": {
      const { vmName, from, to } = event;
      return { text: msg("system.drift-repaired", { vmName, from, to }), details: [] };
    }
    case "emergency-window":
      // Shown as the request's card in its conversation; a notice only where no card can be.
      return { text: msg(`title.emergency.${event.status}`, { vm: event.vmName }), details: [] };
  }
}

/** The title of a burst of `count` notices of one type. */
export function burstTitle(type: string, count: number): Message {
  return msg(`summary.${type}`, { count });
}

function limited(lines: Message[]): Message[] {
  if (lines.length <= DETAILS_SHOWN) return lines;
  return [...lines.slice(0, DETAILS_SHOWN), msg("summary.more", { count: lines.length - DETAILS_SHOWN })];
}

function progressNotice(event: GcWindowProgressEvent): SystemNotice {
  const state = event.finished ? "finished" : "running";
  const { done, total, settled, busy, keptOn, closesAt } = event;
  const details: Message[] = [];
  if (event.reason === "recovered") details.push(msg("system.gc.recovered"));
  if (busy > 0) details.push(msg("system.gc.busy", { busy }));
  if (keptOn > 0) details.push(msg("system.gc.keptOn", { keptOn }));
  if (event.failures.length > 0) {
    details.push(msg("system.gc.failures", { count: event.failures.length }));
    const failures = event.failures.map(({ vmName, message, code }) =>
      msg("system.gc.failure", { vmName, message, code }),
    );
    details.push(...limited(failures));
  }
  return {
    text: msg(`system.gc-${event.phase}.${state}`, { done, total, settled, closesAt }),
    details,
  };
}

function overdueNotice(event: GcWindowOverdueEvent): SystemNotice {
  const { vmName, days, lastFullWindowAt } = event;
  return {
    text: lastFullWindowAt
      ? msg("system.gc-window-overdue", { vmName, days, lastFullWindowAt })
      : msg("system.gc-window-overdue.never", { vmName, days }),
    details: [msg("system.gc-window-overdue.advice", { vmName })],
  };
}

function rpNotice(event: RpWarningEvent): SystemNotice {
  const { vmName, count, limit, gcBy, nextWindowOpensAt, reachesLimitAt } = event;
  const text =
    event.level === "limit"
      ? msg("system.rp-warning.limit", { vmName, count, limit })
      : reachesLimitAt
        ? msg("system.rp-warning.forecast", { vmName, count, limit, reachesLimitAt, gcBy })
        : msg("system.rp-warning", { vmName, count, limit });
  return {
    text,
    details: [msg(`advice.${event.advice}`, { vmName, nextWindowOpensAt })],
    ...actionOf(event),
  };
}

function jobNotice(event: AzureJobFailedEvent): SystemNotice {
  const { vmName, azureCode } = event;
  const details = [msg("system.azure-job-failed.message", { message: event.message })];
  if (event.remedy) details.push(msg("system.azure-job-failed.remedy", { remedy: event.remedy }));
  return {
    text: azureCode
      ? msg("system.azure-job-failed", { vmName, azureCode })
      : msg("system.azure-job-failed.noCode", { vmName }),
    details,
    ...actionOf(event),
  };
}

function cleanupNotice(event: SnapshotCleanupEvent): SystemNotice {
  const deleted = event.deleted.map(({ name, vmName, expiredAt }) =>
    msg("system.snapshots-cleaned.deleted", { name, vmName: vmName ?? "?", expiredAt }),
  );
  const failed = event.failed.map(({ name, code }) => msg("system.snapshots-cleaned.failed", { name, code }));
  return {
    text: msg("system.snapshots-cleaned", { deleted: event.deleted.length, failed: event.failed.length }),
    details: limited([...failed, ...deleted]),
  };
}

function actionOf(event: { vmName: string; action?: SuggestedAction }): Pick<SystemNotice, "action"> {
  if (!event.action) return {};
  return { action: { action: event.action, vm: event.vmName, label: msg("action.requestEmergency") } };
}
