/**
 * Core views (`RequestView`, `Outbound`, `CommandReply`) as Adaptive Cards 1.5, the version Teams
 * renders Universal Actions (`Action.Execute`) from. Pure functions: the words come from the core's
 * catalog through `render`, the layout is Teams'. Every text is cut to a length Teams shows whole,
 * so the card stays far below Teams' ~28 KB message limit whatever a user typed.
 */
import type { SystemNotice } from "../../commands/chat/system-notice.ts";
import type { CommandReply, Fact, Locale, Message, RequestView } from "../../commands/chat/types.ts";

import type { Render } from "../platform.ts";

export type { Render };

// biome-ignore lint/suspicious/noExplicitAny: Adaptive Cards are open-ended JSON; the schema test checks them.
export type CardElement = Record<string, any>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  fallbackText?: string;
}

/** `verb`s of kura's `Action.Execute` buttons; the invoke carries the verb and `data`. */
export const VERBS = {
  approve: "kura.approve",
  reject: "kura.reject",
  cancel: "kura.cancel",
  requestEmergency: "kura.requestEmergency",
} as const;
/** Id of the Reject reason input; Teams merges inputs into the action's `data`. */
export const REASON_INPUT = "reason";
/** The longest reason kura takes (as Slack's modal). */
export const REASON_MAX = 500;

const MAX_TEXT = 2_000;
const MAX_FACT = 500;
const MAX_FACTS = 30;
const NOTE_COLOR = { info: "Default", warning: "Warning", error: "Attention" } as const;

/** Drops control characters (a bell or an escape renders as garbage) and cuts to `max` code points. */
export function clip(text: string, max = MAX_TEXT): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : clean;
}

const textBlock = (text: string, extra: CardElement = {}): CardElement => ({
  type: "TextBlock",
  text: clip(text),
  wrap: true,
  ...extra,
});

function card(body: CardElement[], actions: CardElement[] = [], fallback?: string): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...(fallback ? { fallbackText: clip(fallback, 300) } : {}),
  };
}

function factSet(facts: Fact[], locale: Locale, render: Render): CardElement[] {
  if (facts.length === 0) return [];
  return [
    {
      type: "FactSet",
      facts: facts.slice(0, MAX_FACTS).map((fact) => ({
        title: clip(render(fact.label, locale), 100),
        value: clip(typeof fact.value === "string" ? fact.value : render(fact.value, locale), MAX_FACT),
      })),
    },
  ];
}

/** A text bar such as `▓▓▓▓░░░░░░ 40%` (the progress shown on Slack's card too). */
export function progressBar(percent: number): string {
  const filled = Math.max(0, Math.min(10, Math.round(percent / 10)));
  return `${"▓".repeat(filled)}${"░".repeat(10 - filled)} ${Math.round(percent)}%`;
}

function execute(verb: string, title: string, data: Record<string, string>, style?: string): CardElement {
  return { type: "Action.Execute", title: clip(title, 60), verb, data, ...(style ? { style } : {}) };
}

/** Approve / Reject (a card with the reason input and its own Reject) / Cancel, as the view offers. */
function requestActions(view: RequestView, locale: Locale, render: Render): CardElement[] {
  const label = (action: string) => render({ key: `action.${action}` }, locale);
  const data = { requestId: view.requestId };
  return view.actions.map((action) => {
    if (action === "approve") return execute(VERBS.approve, label("approve"), data, "positive");
    if (action === "cancel") return execute(VERBS.cancel, label("cancel"), data);
    return {
      type: "Action.ShowCard",
      title: clip(label("reject"), 60),
      card: {
        type: "AdaptiveCard",
        body: [
          {
            type: "Input.Text",
            id: REASON_INPUT,
            label: clip(render({ key: "reject.reason" }, locale), 200),
            isMultiline: true,
            maxLength: REASON_MAX,
          },
        ],
        actions: [execute(VERBS.reject, label("reject"), data, "destructive")],
      },
    };
  });
}

/**
 * A request's card: title, facts, notes, progress and the buttons the view offers. `why` is a line
 * shown on top in red, for the one person whose click was refused (their invoke's answer).
 */
export function requestCard(view: RequestView, locale: Locale, render: Render, why?: Message): AdaptiveCard {
  const title = render(view.title, locale);
  const body: CardElement[] = [];
  if (why) body.push(textBlock(render(why, locale), { color: "Attention", weight: "Bolder" }));
  body.push(textBlock(title, { size: "Medium", weight: "Bolder" }));
  body.push(...factSet(view.facts, locale, render));
  for (const note of view.notes) {
    body.push(textBlock(render(note.text, locale), { color: NOTE_COLOR[note.level], spacing: "Small" }));
  }
  if (view.progress) {
    body.push(textBlock(render(view.progress.text, locale), { spacing: "Medium" }));
    if (view.progress.percent !== undefined) {
      body.push(textBlock(progressBar(view.progress.percent), { fontType: "Monospace", isSubtle: true }));
    }
  }
  return card(body, requestActions(view, locale, render), title);
}

/** One line (a milestone in the card's thread, an explanation). */
export function lineCard(text: Message, locale: Locale, render: Render): AdaptiveCard {
  const line = render(text, locale);
  return card([textBlock(line)], [], line);
}

/** A private notice: the line, and what to do about it. */
export function privateCard(
  text: Message,
  remedy: Message | undefined,
  locale: Locale,
  render: Render,
): AdaptiveCard {
  const body = [textBlock(render(text, locale), { weight: "Bolder" })];
  if (remedy) body.push(textBlock(render(remedy, locale), { isSubtle: true }));
  return card(body, [], render(text, locale));
}

function noticeButton(notice: SystemNotice, locale: Locale, render: Render): CardElement[] {
  if (!notice.action) return [];
  return [execute(VERBS.requestEmergency, render(notice.action.label, locale), { vm: notice.action.vm })];
}

/** One system notice (a GC window summary, a restore point warning): headline, details, its button. */
export function noticeCard(notice: SystemNotice, locale: Locale, render: Render): AdaptiveCard {
  const headline = render(notice.text, locale);
  const body = [textBlock(headline, { weight: "Bolder" })];
  if (notice.details.length > 0) {
    body.push(textBlock(notice.details.map((d) => `- ${clip(render(d, locale), 400)}`).join("\n")));
  }
  return card(body, noticeButton(notice, locale, render), headline);
}

/** A burst: its title, one container per notice (its button beside it), and "…and N more". */
export function burstCard(
  title: Message,
  notices: SystemNotice[],
  more: Message | undefined,
  locale: Locale,
  render: Render,
): AdaptiveCard {
  const heading = render(title, locale);
  const body: CardElement[] = [textBlock(heading, { weight: "Bolder" })];
  for (const notice of notices.slice(0, 20)) {
    const items = [textBlock(render(notice.text, locale))];
    if (notice.details.length > 0) {
      const details = notice.details.map((d) => `- ${clip(render(d, locale), 300)}`).join("\n");
      items.push(textBlock(details, { isSubtle: true, spacing: "None" }));
    }
    const actions = noticeButton(notice, locale, render);
    if (actions.length > 0) items.push({ type: "ActionSet", actions });
    body.push({ type: "Container", separator: true, items });
  }
  if (more) body.push(textBlock(render(more, locale), { isSubtle: true }));
  return card(body, [], heading);
}

/** A command's answer: its text, facts and bullet lines. */
export function commandCard(
  reply: Extract<CommandReply, { kind: "message" }>,
  locale: Locale,
  render: Render,
): AdaptiveCard {
  const text = render(reply.text, locale);
  const body = [textBlock(text), ...factSet(reply.facts ?? [], locale, render)];
  if (reply.lines?.length) {
    const lines = reply.lines.slice(0, 50).map((line) => `- ${clip(render(line, locale), 400)}`);
    body.push(textBlock(lines.join("\n")));
  }
  return card(body, [], text);
}
