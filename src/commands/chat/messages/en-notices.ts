/**
 * English words for disk snapshot and emergency GC window cards and for system notices (GC window
 * passes, reminders, restore point warnings, failed Azure jobs, snapshot cleanup). Spread into `en`;
 * `ja-notices.ts` has the same keys and placeholders (the catalog test checks).
 */
export const enNotices = {
  // Disk snapshot requests
  "problem.SNAPSHOT_VM_NOT_DEALLOCATED":
    "{vm} is not deallocated. Disk snapshots are crash-consistent only: taken while the VM runs, they can miss writes still in memory and leave its disks inconsistent with each other.",
  "remedy.SNAPSHOT_VM_NOT_DEALLOCATED":
    "What to do: stop and deallocate {vm} first (Azure portal “Stop”, or `az vm deallocate`), or use `/backup {vm}` for an application-consistent backup with Azure VM Backup.",
  "title.snapshot.pending": "Disk snapshot of {vm}: waiting for approval",
  "title.snapshot.approved": "Disk snapshot of {vm}: approved, waiting for a worker",
  "title.snapshot.rejected": "Disk snapshot of {vm}: rejected",
  "title.snapshot.expired": "Disk snapshot of {vm}: expired without a decision",
  "title.snapshot.running": "Disk snapshot of {vm}: running",
  "title.snapshot.succeeded": "Disk snapshot of {vm}: done",
  "title.snapshot.failed": "Disk snapshot of {vm}: failed",
  "title.snapshot.cancelled": "Disk snapshot of {vm}: cancelled",
  "fact.keep": "Kept for",
  "fact.snapshots": "Snapshots (disk)",
  "fact.snapshotsExpire": "Deleted by kura at",
  "note.snapshotPending":
    "Approving takes one managed disk snapshot per disk of {vm}. kura checks again that it is still deallocated before it starts.",
  "progress.snapshot": "Snapshotting disk {task} {percent}%",
  "progress.snapshotStarting": "Snapshotting the disks",
  "event.snapshotsTaken": "{count} disk snapshots taken, kept until {expiry:time}.",

  // Emergency GC window requests
  "title.emergency.pending": "Emergency GC window for {vm}: waiting for approval",
  "title.emergency.approved": "Emergency GC window for {vm}: approved",
  "title.emergency.rejected": "Emergency GC window for {vm}: rejected",
  "title.emergency.expired": "Emergency GC window for {vm}: expired without a decision",
  "title.emergency.closed": "Emergency GC window for {vm}: closed",
  "status.closed": "closed",
  "fact.windowLength": "Window",
  "fact.windowOpens": "Opened at",
  "fact.windowCloses": "Closes at",
  "value.hours": "{hours} h",
  "note.emergencyWhat":
    "Approving turns protection of this VM on for {hours} h, so Azure's GC (which runs within 24 h) removes expired restore points; kura stops protection again when the window closes.",
  "note.emergencyOpen": "Protection stays on until {closesAt:time}; kura stops it then (data retained).",
  "event.emergency.expired": "Expired: nobody approved it in time. Ask again if it is still needed.",
  "event.emergency.opened":
    "Protection resumed: Azure's GC runs within 24 h. The window closes at {closesAt:time}.",
  "event.emergency.openedProblem": "Protection is not on yet: {problem}",
  "event.emergency.closed": "The window closed; protection is stopped again unless something else needs it.",
  "action.requestEmergency": "Request emergency window",

  // System notices: GC window passes
  "system.gc-open.running":
    "Opening the GC window: {done} of {total} VMs handled, protection on for {settled}",
  "system.gc-open.finished": "GC window opened for {settled} of {total} VMs, until {closesAt:time}",
  "system.gc-close.running":
    "Closing the GC window: {done} of {total} VMs handled, protection stopped for {settled}",
  "system.gc-close.finished": "GC window closed: protection stopped for {settled} of {total} VMs",
  "system.gc.recovered": "Run at start-up, for a window missed while kura was down.",
  "system.gc.busy": "{busy} VMs are still backing up; each backup stops protection when it ends.",
  "system.gc.keptOn": "{keptOn} VMs stay protected for an emergency GC window.",
  "system.gc.failures": "Failed on {count} VMs (the reconciler tries again):",
  "system.gc.failure": "{vmName}: {message} ({code})",
  "system.gc-window-reminder":
    "The weekly GC window opens at {opensAt:time} and closes at {closesAt:time}: protection of {managedVms} VMs is turned on so Azure's GC removes expired restore points.",
  "system.gc-window-overdue":
    "{vmName}: no full GC window for {days} days (last one {lastFullWindowAt:time})",
  "system.gc-window-overdue.never": "{vmName}: never protected for a whole GC window in {days} days",
  "system.gc-window-overdue.advice":
    "Check why the weekly window skipped it (kura's log, the window's summary), or open an emergency window: `/backup gc open {vmName} 48h`",

  // System notices: restore points and failed jobs
  "system.rp-warning": "{vmName}: {count} of {limit} restore points used",
  "system.rp-warning.limit":
    "{vmName}: {count} of {limit} restore points used. Azure refuses every backup of it until GC runs.",
  "system.rp-warning.forecast":
    "{vmName}: {count} of {limit} restore points used; at its recent rate it is full around {reachesLimitAt:time}, GC cleans by {gcBy:time}.",
  "advice.emergency-window":
    "Open an emergency GC window (`/backup gc open {vmName} 48h`): Azure's GC then runs within 24 h and removes the expired points.",
  "advice.wait-for-window":
    "Wait for the GC window opening {nextWindowOpensAt:time}; hold further ad-hoc backups of {vmName} until it has run.",
  "advice.lower-retention":
    "GC will not free enough points in time: shorten the retention of ad-hoc backups (--retain) or the policy's instant restore point retention.",
  "advice.none": "No action needed yet.",
  "system.azure-job-failed": "{vmName}: an Azure backup job failed (Azure: {azureCode})",
  "system.azure-job-failed.noCode": "{vmName}: an Azure backup job failed",
  "system.azure-job-failed.message": "{message}",
  "system.azure-job-failed.remedy": "What to do: {remedy}",

  // System notices: snapshot cleanup
  "system.snapshots-cleaned": "Deleted {deleted} expired disk snapshots; {failed} could not be deleted.",
  "system.snapshots-cleaned.deleted": "{name} ({vmName}), expired {expiredAt:time}",
  "system.snapshots-cleaned.failed": "{name}: {code}, kura tries again tomorrow",

  // Burst titles
  "summary.gc-window-reminder": "GC window reminder",
  "summary.gc-window-overdue": "VMs overdue for a GC window: {count}",
  "summary.rp-warning": "Restore point warnings: {count}",
  "summary.azure-job-failed": "Failed Azure backup jobs: {count}",
  "summary.snapshots-cleaned": "Disk snapshot cleanup",
} as const satisfies Record<string, string>;
