/**
 * The request card as data: title, facts, notes, progress and buttons, all as `Message`s so every
 * platform and language renders the same card. Pure: the request (and an optional preflight preview)
 * in, the view out.
 */
import type { Finding } from "../lifecycle/preflight.ts";
import type { BackupRequest } from "../ports/requests.ts";
import { approvalFacts, factList, msg, time } from "./card-facts.ts";
import { failureText, warningText } from "./failure-view.ts";
import type { PreflightPreview } from "./preflight-preview.ts";
import { isSnapshot, snapshotFacts, snapshotNote, snapshotResultFacts } from "./snapshot-view.ts";
import type { Fact, Message, RequestView } from "./types.ts";

type Note = RequestView["notes"][number];

/**
 * Builds the card. `now` (when given) hides the approval buttons of a request whose approval time has
 * passed even before the expiry sweep marks it expired.
 */
export function requestView(request: BackupRequest, preview?: PreflightPreview, now?: Date): RequestView {
  const view: RequestView = {
    requestId: request.id,
    version: request.version,
    status: request.status,
    title: msg(`title.${isSnapshot(request) ? "snapshot." : ""}${request.status}`, { vm: request.vmName }),
    facts: facts(request, preview),
    notes: [...(preview ? previewNotes(preview) : []), ...requestNotes(request)],
    actions: actions(request, now),
  };
  const progress = progressOf(request);
  if (progress) view.progress = progress;
  return view;
}

function facts(request: BackupRequest, preview: PreflightPreview | undefined): Fact[] {
  const { out, add } = factList();
  approvalFacts(
    request,
    add,
    () => {
      if (isSnapshot(request)) snapshotFacts(request, add);
      else add("fact.retention", msg("value.days", { days: request.retentionDays }));
    },
    actorName,
  );
  if (isSnapshot(request)) {
    snapshotResultFacts(request, add);
    return out;
  }
  add("fact.azureJob", request.result?.azureJobId ?? request.progress?.azureJobId);
  if (request.result?.recoveryPointTime) add("fact.recoveryPoint", time(request.result.recoveryPointTime));
  if (request.result?.recoveryPointExpiry) add("fact.rpExpiry", time(request.result.recoveryPointExpiry));
  const count = request.result?.instantRestorePoints ?? preview?.instantRestorePoints;
  const limit = request.result?.restorePointLimit ?? preview?.rpLimit;
  if (count !== undefined && limit !== undefined) {
    add(
      "fact.restorePoints",
      msg("value.restorePoints", { count, limit, headroom: Math.max(0, limit - count) }),
    );
  }
  return out;
}

/** How a chat user is shown: their display name if the adapter gave one, else their platform id. */
export function actorName(actor: { id: string; name?: string }): string {
  return actor.name || actor.id;
}

function previewNotes(preview: PreflightPreview): Note[] {
  const notes: Note[] = [];
  const verdict = preview.verdict;
  if (preview.unavailable) {
    notes.push({ level: "warning", text: msg("note.previewUnavailable", { code: preview.unavailable }) });
  }
  for (const finding of verdict?.refusals ?? [])
    notes.push({ level: "error", text: findingMessage(finding) });
  for (const finding of verdict?.warnings ?? [])
    notes.push({ level: "warning", text: findingMessage(finding) });
  if (verdict && verdict.refusals.length > 0)
    notes.push({ level: "info", text: msg("note.preflightRecheck") });
  if (verdict && verdict.refusals.length === 0 && verdict.warnings.length === 0) {
    const count = preview.instantRestorePoints ?? 0;
    notes.push({ level: "info", text: msg("note.preflightClear", { count, limit: preview.rpLimit }) });
  }
  return notes;
}

/** A finding's catalog key is its code; a collision with no safe time left has its own wording. */
export function findingMessage(finding: Finding): Message {
  if (finding.code === "SCHEDULE_COLLISION" && !finding.params.nextSafeTime) {
    return msg("note.SCHEDULE_COLLISION_NO_SAFE", finding.params);
  }
  return msg(`note.${finding.code}`, finding.params);
}

function requestNotes(request: BackupRequest): Note[] {
  const notes: Note[] = (request.warnings ?? []).map((warning) => ({
    level: "warning",
    text: warningText(warning),
  }));
  const snapshot = isSnapshot(request) ? snapshotNote(request) : undefined;
  if (snapshot) notes.push({ level: "info", text: snapshot });
  if (request.cancelRequested && request.status === "running") {
    notes.push({
      level: "info",
      text: msg("note.cancelRequested", { by: actorName(request.cancelRequested.by) }),
    });
  }
  const failure = request.failure;
  if (failure && request.status === "failed") {
    const { text, remedy } = failureText(failure);
    notes.push({ level: "error", text });
    if (remedy) notes.push({ level: "info", text: remedy });
  }
  return notes;
}

function progressOf(request: BackupRequest): RequestView["progress"] {
  const progress = request.progress;
  if (request.status !== "running" || !progress) return undefined;
  const { step, task, percent } = progress;
  if (step === "watch" || step === "snapshot") {
    return task && percent !== undefined
      ? { text: msg(`progress.${step}`, { task, percent }), percent }
      : { text: msg(`progress.${step}Starting`), ...(percent !== undefined ? { percent } : {}) };
  }
  return { text: msg(`progress.${step}`) };
}

function actions(request: BackupRequest, now: Date | undefined): RequestView["actions"] {
  if (request.status === "pending") {
    const expired = now !== undefined && now.getTime() >= Date.parse(request.expiresAt);
    return expired ? [] : ["approve", "reject"];
  }
  // A running request shows Cancel until someone asked; afterwards the note says it is on its way.
  if (request.status === "approved") return ["cancel"];
  if (request.status === "running") return request.cancelRequested ? [] : ["cancel"];
  return [];
}
