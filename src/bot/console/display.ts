/**
 * Core views (`Outbound`, `CommandReply`) as plain JSON the console's page lays out: every `Message`
 * rendered through the core's catalog in the reader's language, nothing else decided here. The page
 * builds DOM from these with `textContent`, so no text is ever parsed as HTML.
 */
import type { SystemNotice } from "../../commands/chat/system-notice.ts";
import type { CommandReply, Fact, Locale, Message, RequestView } from "../../commands/chat/types.ts";
import type { Outbound } from "../../commands/ports/chat-sender.ts";

/** The core's `renderMessage`, bound to the deployment's time zone by the composition root. */
export type Render = (message: Message | string, locale: Locale) => string;

export interface DisplayFact {
  label: string;
  value: string;
}

export interface DisplayNotice {
  text: string;
  details: string[];
  /** A button that asks the core for what the notice suggests, for `vm`. */
  action?: { action: string; vm: string; label: string };
}

export type Display =
  | {
      kind: "card";
      requestId: string;
      status: string;
      title: string;
      facts: DisplayFact[];
      notes: { level: "info" | "warning" | "error"; text: string }[];
      progress?: { text: string; percent?: number };
      actions: { action: "approve" | "reject" | "cancel"; label: string }[];
    }
  | { kind: "line"; text: string }
  | { kind: "notice"; notice: DisplayNotice }
  | { kind: "burst"; title: string; notices: DisplayNotice[]; more?: string }
  | { kind: "private"; text: string; remedy?: string }
  | { kind: "reply"; text: string; facts: DisplayFact[]; lines: string[] };

/** Longest text shown for one field; a longer one is cut with an ellipsis. */
const MAX_TEXT = 4_000;
const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

export function displayOf(content: Outbound, locale: Locale, render: Render): Display {
  const say = (message: Message | string) => clip(render(message, locale));
  switch (content.kind) {
    case "card":
      return cardOf(content.view, locale, render);
    case "line":
      return { kind: "line", text: say(content.text) };
    case "notice":
      return { kind: "notice", notice: noticeOf(content.notice, locale, render) };
    case "burst":
      return {
        kind: "burst",
        title: say(content.title),
        notices: content.notices.map((notice) => noticeOf(notice, locale, render)),
        ...(content.more ? { more: say(content.more) } : {}),
      };
    case "private":
      return {
        kind: "private",
        text: say(content.text),
        ...(content.remedy ? { remedy: say(content.remedy) } : {}),
      };
  }
}

/** A command's answer, shown to the person who typed it. */
export function replyOf(
  reply: Extract<CommandReply, { kind: "message" }>,
  locale: Locale,
  render: Render,
): Display {
  const say = (message: Message | string) => clip(render(message, locale));
  return {
    kind: "reply",
    text: say(reply.text),
    facts: factsOf(reply.facts ?? [], locale, render),
    lines: (reply.lines ?? []).map(say),
  };
}

function cardOf(view: RequestView, locale: Locale, render: Render): Display {
  const say = (message: Message | string) => clip(render(message, locale));
  return {
    kind: "card",
    requestId: view.requestId,
    status: view.status,
    title: say(view.title),
    facts: factsOf(view.facts, locale, render),
    notes: view.notes.map((note) => ({ level: note.level, text: say(note.text) })),
    ...(view.progress
      ? {
          progress: {
            text: say(view.progress.text),
            ...(view.progress.percent === undefined ? {} : { percent: view.progress.percent }),
          },
        }
      : {}),
    actions: view.actions.map((action) => ({ action, label: say({ key: `action.${action}` }) })),
  };
}

function factsOf(facts: Fact[], locale: Locale, render: Render): DisplayFact[] {
  return facts.map((fact) => ({
    label: clip(render(fact.label, locale)),
    value: clip(render(fact.value, locale)),
  }));
}

function noticeOf(notice: SystemNotice, locale: Locale, render: Render): DisplayNotice {
  const say = (message: Message) => clip(render(message, locale));
  return {
    text: say(notice.text),
    details: notice.details.map(say),
    ...(notice.action
      ? { action: { action: notice.action.action, vm: notice.action.vm, label: say(notice.action.label) } }
      : {}),
  };
}
