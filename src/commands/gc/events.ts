/**
 * Events of the GC window, the emergency window and the restore point watch. They join the
 * `SystemEvent` union (ports/events.ts); each `id` is deterministic, so a re-emit after a crash or a
 * duplicate firing is dropped by the notification queue instead of posted twice.
 */
import type { Actor, Conversation } from "../ports/requests.ts";

/** One VM the pass could not bring to the window's state, and why. */
export interface PassFailure {
  vmName: string;
  code: string;
  message: string;
}

/**
 * Progress of one opening or closing of the GC window. Every event of one pass carries the same
 * `summaryId` (`gc-open-<opensAt>` / `gc-close-<opensAt>`): a notifier posts one message per summary
 * id and edits it with each later event (higher `attempt`, then higher `seq`, wins).
 */
export interface GcWindowProgressEvent {
  type: "gc-window-progress";
  summaryId: string;
  phase: "open" | "close";
  /** `scheduled`: the weekly job fired; `recovered`: run at start-up for a window missed while down. */
  reason: "scheduled" | "recovered";
  opensAt: string;
  closesAt: string;
  /** Bumped each time a pass for this summary starts again (after a crash). */
  attempt: number;
  /** Order of events within one attempt. */
  seq: number;
  /** Managed VMs the pass covers (M in "opened for N of M VMs"). */
  total: number;
  /** VMs handled so far. */
  done: number;
  /** VMs now in the window's state: protection on (open) or stopped, data retained (close). */
  settled: number;
  /** Close only: VMs an ad-hoc backup still runs on; its lifecycle stops protection when it ends. */
  busy: number;
  /** Close only: VMs left on because something else needs them (an emergency window). */
  keptOn: number;
  failures: PassFailure[];
  finished: boolean;
}

/** The announcement before a window opens (config `gc.reminder`). */
export interface GcWindowReminderEvent {
  type: "gc-window-reminder";
  opensAt: string;
  closesAt: string;
  timeZone: string;
  managedVms: number;
}

/** A VM whose last full GC window lies too far back (config `gc.overdueAfterDays`). */
export interface GcWindowOverdueEvent {
  type: "gc-window-overdue";
  vmName: string;
  /** Absent when kura never saw the VM protected for a whole window. */
  lastFullWindowAt?: string;
  days: number;
  remedy: string;
}

/** What a user can ask kura to do about a warning; chat adapters turn it into a button. */
export type SuggestedAction = "request-emergency-window";

/** The restore point collection of a VM is near Azure's limit, or will reach it before GC runs. */
export interface RpWarningEvent {
  type: "rp-warning";
  vmName: string;
  count: number;
  limit: number;
  level: "ok" | "warn" | "limit";
  /** When the collection is expected to be full, at the VM's recent ad-hoc rate. */
  reachesLimitAt?: string;
  nextWindowOpensAt: string;
  /** Worst-case time GC will have cleaned: the next window's opening + 24 h. */
  gcBy: string;
  advice: "none" | "wait-for-window" | "emergency-window" | "lower-retention";
  message: string;
  remedy: string;
  action?: SuggestedAction;
}

/** A failed Azure backup job found by the periodic check, whoever started it. */
export interface AzureJobFailedEvent {
  type: "azure-job-failed";
  vmName: string;
  jobId: string;
  vault: string;
  /** Azure's error mnemonic (e.g. `UserErrorRpCollectionLimitReached`) or numeric code. */
  azureCode?: string;
  message: string;
  remedy?: string;
  /** False for the policy's scheduled runs (and portal backups Azure lists as scheduled). */
  isUserTriggered: boolean;
  startedAt?: string;
  action?: SuggestedAction;
}

export type EmergencyWindowStatus = "requested" | "approved" | "rejected" | "expired" | "opened" | "closed";

/** An emergency GC window's life, for the card showing its Approve/Reject buttons and its outcome. */
export interface EmergencyWindowEvent {
  type: "emergency-window";
  requestId: string;
  version: number;
  status: EmergencyWindowStatus;
  vmName: string;
  hours: number;
  requester: Actor;
  conversation: Conversation;
  by?: Actor;
  opensAt?: string;
  closesAt?: string;
  /** Set when opening or closing protection failed; the reconciler keeps trying. */
  problem?: string;
}

export type GcEvent =
  | GcWindowProgressEvent
  | GcWindowReminderEvent
  | GcWindowOverdueEvent
  | RpWarningEvent
  | AzureJobFailedEvent
  | EmergencyWindowEvent;
