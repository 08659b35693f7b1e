/**
 * English catalog. Placeholders are `{name}`, or `{name:format}` where `format` is one of
 * `time` (an ISO instant, shown in the reader's time zone), or `status`, `protection`, `weekday`
 * (a value looked up as `<format>.<value>` in this catalog). Every key here exists in `ja.ts` with the
 * same placeholders (a test checks).
 */
import { enConsole } from "./en-console.ts";
import { enDelivery } from "./en-delivery.ts";
import { enFailures } from "./en-failures.ts";
import { enNotices } from "./en-notices.ts";

export const en = {
  ...enNotices,
  ...enDelivery,
  ...enFailures,
  ...enConsole,
  // Parsing
  "parse.empty": "Tell me which VM to back up, e.g. `/backup web-01`, or type `/backup help`.",
  "parse.tooLong": "That command is too long (more than {max} characters).",
  "parse.controlCharacters": "The command contains control characters. Type it again as plain text.",
  "parse.unterminatedQuote": 'A quote is never closed. Close it with the matching quote: "…" or “…”.',
  "parse.unreadable": "kura could not read that command.",
  "parse.missingVm": "Name the VM first, e.g. `/backup web-01 --retain 30d`.",
  "parse.didYouMean":
    "`{word}` is not a command. Did you mean `{suggestion}`? (To back up a VM named {word}, add an option such as `--retain 30d`.)",
  "parse.didYouMeanSub": "`{word}` is not understood here. Did you mean `{suggestion}`?",
  "parse.unknownOption": "Unknown option `{option}`.",
  "parse.unknownOptionSuggest": "Unknown option `{option}`. Did you mean `{suggestion}`?",
  "parse.unknownOptionUnnamed": "Unknown option.",
  "parse.duplicateOption": "`{option}` is given more than once.",
  "parse.missingValue": "`{option}` needs a value.",
  "parse.badRetention": "Retention must be {min}–{max} days, written like `30d`.",
  "parse.badKeep": "A snapshot is kept {min}–{max} days, written like `7d`.",
  "parse.badGcHours": "An emergency GC window lasts {min}–{max} hours, written like `48h`.",
  "parse.badAuditCount": "Give a number of audit entries from {min} to {max}.",
  "parse.reasonTooLong": "The reason is too long: at most {max} characters.",
  "parse.vmIsCommand":
    "`{word}` is a kura command, so it can't be used as a VM name here. Give that VM by its ARM id instead.",
  "parse.invalidVm":
    "That is not a valid Azure VM name. Use the name Azure shows (1–64 letters, digits, '-', '_' or '.', not ending in '.' or '-') or the VM's ARM id.",
  "parse.invalidRequestId":
    "That is not a request id. Request ids look like `b-3f9a0c1b2d`; see `/backup history`.",
  "parse.invalidTarget": "Give a VM name or a request id.",
  "parse.missingRequestId": "Give the id of the request, e.g. `/backup cancel b-3f9a0c1b2d`.",
  "parse.unexpectedWord": "Unexpected `{word}`.",
  "parse.unexpectedArgument": "Unexpected words after the command.",
  "parse.unknownHelpTopic": "There is no help on that. Type `/backup help` for every command.",

  // Usage
  "usage.overview":
    '`/backup <vm> [--retain 30d] [--reason "…"]` request a backup\n`/backup status [vm|request-id]` a request or a VM\n`/backup list` managed VMs\n`/backup history [vm]` recent requests\n`/backup cancel <request-id>` cancel a request\n`/backup gc` the weekly GC window\n`/backup gc open <vm> [48h]` an emergency GC window\n`/backup snapshot <vm> [--keep 7d]` a snapshot\n`/backup audit [n]` the audit trail\n`/backup help [command]` this help',
  "usage.backup":
    '`/backup <vm> [--retain 30d] [--reason "…"]`: request an ad-hoc backup of a VM, kept 1–99 days (kura\'s default when not given). An approver must approve it.',
  "usage.status":
    "`/backup status [vm|request-id]`: a request's card, or a VM's protection state and last request.",
  "usage.list":
    "`/backup list`: the VMs kura manages, their protection state, last backup and restore points.",
  "usage.history": "`/backup history [vm]`: recent backup requests, for all VMs or one.",
  "usage.cancel": "`/backup cancel <request-id>`: cancel a request that is waiting or running.",
  "usage.gc":
    "`/backup gc`: when the weekly GC window opens and whether it is open now.\n`/backup gc open <vm> [48h]`: open an emergency GC window (24–72 h) for one VM.",
  "usage.snapshot":
    "`/backup snapshot <vm> [--keep 7d]`: managed disk snapshots of a deallocated VM, kept 1–90 days (default 7), deleted by kura after that. An approver must approve it.",
  "usage.audit": "`/backup audit [n]`: the newest n audit entries (1–100, default 20).",
  "usage.help": "`/backup help [command]`: help on every command, or on one.",

  // Problems from the use cases
  "problem.REQUEST_NOT_FOUND":
    "There is no backup request `{id}`. Check the id with `/backup history`; a request is removed {keepDays} days after it ended (`KURA_KEEP_REQUESTS_DAYS`), so ask an administrator to raise that setting if you need older ones.",
  "problem.NOT_AN_AUDITOR":
    "The audit trail is for approvers and configured auditors only. Ask an approver, or an admin to add you to `auditors` in kura's configuration.",
  "problem.NOT_ALLOWED": "Only the requester or an approver can cancel this request.",
  "problem.ALREADY_DECIDED": "Request `{id}` is already {status:status}.",
  "problem.ALREADY_FINISHED": "Request `{id}` is already {status:status}.",
  "problem.NOT_AN_APPROVER": "You are not an approver for this request. Ask one of the configured approvers.",
  "problem.SELF_APPROVAL": "You can't approve your own request. Ask another approver.",
  "problem.REQUEST_EXPIRED": "Request `{id}` expired at {expiresAt:time}. Request the backup again.",
  "problem.INVALID_VM_NAME":
    "That is not a valid Azure VM name. Use the name Azure shows: 1–64 letters, digits, '-', '_' or '.'.",
  "problem.INVALID_RETENTION": "Retention must be a whole number of days from {min} to {max}.",
  "problem.VM_NOT_MANAGED": "{vm} is not one of the VMs kura manages. Ask an administrator to add it.",
  "problem.AZURE_NOT_FOUND": "kura can't find a protected VM named {vm} in its Recovery Services vaults.",
  "problem.azure":
    "Azure answered with an error ({code}). Try again in a few minutes; if it persists, check kura's log.",
  "problem.unknown": "kura could not do that ({code}).",
  "problem.notAvailableYet": "`/backup {command}` is not available yet in this kura.",
  "problem.duplicate": "That command was already received; it is not run twice.",

  // Replies
  "reply.help":
    "kura takes ad-hoc Azure VM backups when you ask, and keeps restore points under Azure's limit.",
  "reply.cancelled": "Request `{id}` is cancelled.",
  "reply.cancelRequested":
    "Cancelling request `{id}`: kura stops the backup where Azure allows and settles protection.",
  "reply.activeTitle": "Requests waiting or running: {count}",
  "reply.noActive": "No backup request is waiting or running.",
  "reply.historyTitle": "Recent backup requests: {count}",
  "reply.historyTitleVm": "Recent backup requests for {vm}: {count}",
  "reply.historyEmpty": "No backup requests yet.",
  "reply.historyEmptyVm": "No backup requests for {vm} yet.",
  "reply.requestLine": "`{id}` {vm} {status:status}, {createdAt:time}, by {requester}",
  "reply.listTitle": "Managed VMs: {count}",
  "reply.listEmpty": "kura manages no protected VM in its vaults.",
  "reply.listLine": "{vm}: {state:protection}, last backup {lastBackup:time}, restore points {count}/{limit}",
  "reply.listLineNever": "{vm}: {state:protection}, no backup yet, restore points {count}/{limit}",
  "reply.listLineUnknown": "{vm}: {state:protection}, restore points unknown ({code})",
  "reply.vmStatus": "{vm}: {state:protection}",
  "reply.gcOpen": "The weekly GC window is open now, until {closesAt:time}.",
  "reply.gcClosed":
    "The weekly GC window is closed. It opens next at {opensAt:time} and closes at {closesAt:time}.",
  "reply.auditTitle": "Newest audit entries: {count}",
  "reply.auditEmpty": "The audit trail is empty.",
  "reply.auditLine": "{at:time} {action} by {actor} ({vm}, `{correlationId}`)",

  // Request card
  "title.pending": "Backup of {vm}: waiting for approval",
  "title.approved": "Backup of {vm}: approved, waiting for a worker",
  "title.rejected": "Backup of {vm}: rejected",
  "title.expired": "Backup of {vm}: expired without a decision",
  "title.running": "Backup of {vm}: running",
  "title.succeeded": "Backup of {vm}: done",
  "title.failed": "Backup of {vm}: failed",
  "title.cancelled": "Backup of {vm}: cancelled",
  "fact.request": "Request",
  "fact.vm": "VM",
  "fact.vault": "Vault",
  "fact.retention": "Retention",
  "fact.reason": "Reason",
  "fact.requester": "Requested by",
  "fact.decidedBy": "Decided by",
  "fact.decidedAt": "Decided at",
  "fact.rejectionReason": "Reason for rejection",
  "fact.approvalExpires": "Approval needed by",
  "fact.azureJob": "Azure job",
  "fact.recoveryPoint": "Recovery point",
  "fact.rpExpiry": "Recovery point expires",
  "fact.restorePoints": "Restore points",
  "fact.protection": "Protection",
  "fact.lastBackup": "Last backup",
  "fact.lastRequest": "Last request",
  "fact.policy": "Policy",
  "fact.gcSchedule": "Weekly GC window",
  "fact.nextGcWindow": "Next GC window",
  "value.days": "{days} days",
  "value.time": "{at:time}",
  "value.never": "never",
  "value.restorePoints": "{count} of {limit} used ({headroom} left)",
  "value.request": "`{id}` {status:status}",
  "value.gcSchedule": "{day:weekday} {time} for {hours} h ({timeZone})",
  "value.protection": "{state:protection}",
  "note.RP_LIMIT_REACHED":
    "{vm} holds {count} of {limit} restore points: Azure would fail this backup (UserErrorRpCollectionLimitReached). Open an emergency GC window or wait for the weekly one.",
  "note.RP_LIMIT_NEAR":
    "After this backup {vm} will hold {count} of {limit} restore points. Let the next GC window run, or use a shorter retention, before more ad-hoc backups.",
  "note.SCHEDULE_COLLISION":
    "Too close to the policy's scheduled backup at {scheduledRun:time}. A backup can run after {nextSafeTime:time}.",
  "note.SCHEDULE_COLLISION_NO_SAFE":
    "Too close to the policy's scheduled backup at {scheduledRun:time}, and the policy runs too often to leave room for ad-hoc backups; use a weekly policy.",
  "note.DAILY_QUOTA_USED":
    "{vm} already had {count} on-demand backups today (Azure allows {limit} a day). Request again after 00:00 UTC.",
  "note.preflightClear":
    "Preflight: {count} of {limit} restore points used, no conflict with the backup schedule.",
  "note.preflightRecheck":
    "kura checks again when the backup starts and refuses it then if the problem remains.",
  "note.previewUnavailable":
    "kura could not check Azure in advance ({code}); it checks when the backup starts.",
  "note.warning": "{text}",
  "note.failure": "{message} ({code})",
  "note.failureAzure": "{message} (Azure: {azureCode})",
  "note.remedy": "What to do: {remedy}",
  "note.cancelRequested": "Cancellation requested by {by}.",
  "progress.preflight": "Checking Azure's limits and the schedule",
  "progress.resume": "Resuming protection",
  "progress.trigger": "Starting the backup job",
  "progress.watch": "Backup job: {task} {percent}%",
  "progress.watchStarting": "Backup job running",
  "progress.stop": "Stopping protection (retaining data)",
  "progress.report": "Reading the recovery point",

  // Lookups for {x:status}, {x:protection}, {x:weekday}
  "status.pending": "waiting for approval",
  "status.approved": "approved",
  "status.rejected": "rejected",
  "status.expired": "expired",
  "status.running": "running",
  "status.succeeded": "done",
  "status.failed": "failed",
  "status.cancelled": "cancelled",
  "protection.Protected": "protected",
  "protection.ProtectionStopped": "protection stopped (data retained)",
  "protection.ProtectionPaused": "protection paused",
  "protection.ProtectionError": "protection error",
  "protection.IRPending": "initial backup pending",
  "protection.BackupsSuspended": "backups suspended",
  "protection.Invalid": "unknown",
  "weekday.Sunday": "Sunday",
  "weekday.Monday": "Monday",
  "weekday.Tuesday": "Tuesday",
  "weekday.Wednesday": "Wednesday",
  "weekday.Thursday": "Thursday",
  "weekday.Friday": "Friday",
  "weekday.Saturday": "Saturday",

  // Chat adapters: buttons, the reject dialog, thread milestones, system summaries
  "action.approve": "Approve",
  "action.reject": "Reject",
  "action.cancel": "Cancel backup",
  "action.back": "Back",
  "reject.title": "Reject backup",
  "reject.reason": "Reason (optional, shown to the requester)",
  "error.unexpected":
    "Something went wrong on kura's side; nothing was changed. Try again, or check kura's log.",
  "event.approved": "Approved by {by}.",
  "event.rejected": "Rejected by {by}.",
  "event.rejectedWithReason": "Rejected by {by}: {reason}",
  "event.expired": "Expired: nobody approved it in time. Request the backup again if it is still needed.",
  "event.step.preflight": "Preflight passed.",
  "event.step.resume": "Protection resumed.",
  "event.step.trigger": "Backup job started.",
  "event.step.watch": "Backup job finished.",
  "event.step.stop": "Protection stopped again (data retained).",
  "event.step.report": "Recovery point recorded.",
  "event.stepSkipped": "Step {step} skipped: {why}",
  "event.warning": "Warning: {message} {remedy}",
  "event.succeeded": "Backup done: recovery point {recoveryPoint:time}, kept until {expiry:time}.",
  "event.failed": "Backup failed: {message} ({code}). {remedy}",
  "event.cancelled": "Cancelled by {by}.",
  "summary.drift-repaired": "Protection drift repaired on {count} VMs",
  "summary.more": "…and {count} more",
  "system.drift-repaired": "{vmName}: {from:protection} → {to:protection}",
  "teams.remedy.notInstalled":
    "Add kura to this team or chat in Microsoft Teams (Apps → kura → Add), then try again.",
} as const satisfies Record<string, string>;

/** Every message key kura renders. */
export type MessageKey = keyof typeof en;
