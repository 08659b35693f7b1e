/**
 * Value rules: zod schemas that turn one raw setting (text from the environment, or a scalar from the
 * config file converted to text) into a typed value, each with the phrase used in "must be …" messages.
 */
import { IANAZone } from "luxon";
import * as z from "zod";
import type { Weekday } from "../commands/ports/backup-gateway.ts";
import { WEEKDAYS } from "../commands/schedule/wall-clock.ts";
import type { WeeklyTime } from "./types.ts";

export interface Rule<T> {
  schema: z.ZodType<T, string>;
  /** Completes "must be …", e.g. `a whole number from 1 to 99`. */
  expect: string;
}

export { WEEKDAYS };

export function wholeNumber(min: number, max: number): Rule<number> {
  return {
    schema: z.string().trim().regex(/^\d+$/).transform(Number).pipe(z.int().min(min).max(max)),
    expect: `a whole number from ${min} to ${max}`,
  };
}

/** A number above 0 and at most `max` (fractions allowed). */
export function positiveAtMost(max: number): Rule<number> {
  return {
    schema: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number)
      .pipe(z.number().gt(0).lte(max)),
    expect: `a number greater than 0 and at most ${max}`,
  };
}

/** One of a fixed set of words, matched case-insensitively and returned in canonical spelling. */
export function oneOf<const T extends string>(values: readonly [T, ...T[]]): Rule<T> {
  const byLower = new Map(values.map((v) => [v.toLowerCase(), v] as const));
  return {
    schema: z
      .string()
      .trim()
      .transform((s) => byLower.get(s.toLowerCase()) ?? s)
      .pipe(z.enum(values)),
    expect: `one of ${values.join(", ")}`,
  };
}

export const weekday: Rule<Weekday> = {
  schema: oneOf(WEEKDAYS as readonly [Weekday, ...Weekday[]]).schema,
  expect: `a weekday name (${WEEKDAYS.join(", ")})`,
};

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const pad = (s: string): string => s.padStart(5, "0");

export const timeOfDay: Rule<string> = {
  schema: z.string().trim().regex(TIME).transform(pad),
  expect: "a 24-hour time HH:mm, like 00:00 or 17:30",
};

/** `Friday 17:00`, or `off` to turn the feature off. */
export const weeklyTimeOrOff: Rule<WeeklyTime | undefined> = {
  schema: z
    .string()
    .trim()
    .transform((s, ctx): WeeklyTime | undefined => {
      if (s.toLowerCase() === "off") return undefined;
      const [dayText = "", timeText = "", ...rest] = s.split(/\s+/);
      const day = weekday.schema.safeParse(dayText);
      const time = timeOfDay.schema.safeParse(timeText);
      if (!day.success || !time.success || rest.length > 0) {
        ctx.issues.push({ code: "custom", message: "not a weekday and time", input: s });
        return z.NEVER;
      }
      return { day: day.data, time: time.data };
    }),
  expect: 'a weekday and a 24-hour time like "Friday 17:00", or "off"',
};

export const timeZone: Rule<string> = {
  schema: z
    .string()
    .trim()
    .refine((s) => s !== "" && IANAZone.isValidZone(s)),
  expect: "an IANA time zone name such as Asia/Tokyo, Europe/London or UTC",
};

/** A URL with one of the given schemes; returned without a trailing slash. */
export function url(schemes: readonly string[], example: string): Rule<string> {
  return {
    schema: z
      .string()
      .trim()
      .refine((s) => URL.canParse(s) && schemes.includes(new URL(s).protocol.replace(/:$/, "")))
      .transform((s) => s.replace(/\/+$/, "")),
    expect: `a ${schemes.join(" or ")} URL like ${example}`,
  };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The base URL of an API kura sends a bot token to: `https://`, or `http://` only to a loopback
 * address (a local stand-in in tests). A token sent in the clear to another host is a leaked token.
 */
export function tokenReceiverUrl(example: string): Rule<string> {
  return {
    schema: z
      .string()
      .trim()
      .refine((s) => {
        if (!URL.canParse(s)) return false;
        const { protocol, hostname } = new URL(s);
        return protocol === "https:" || (protocol === "http:" && LOOPBACK_HOSTS.has(hostname));
      })
      .transform((s) => s.replace(/\/+$/, "")),
    expect: `an https URL like ${example} (kura sends the bot token there; http:// only to 127.0.0.1, ::1 or localhost)`,
  };
}

/** Text matching a pattern (anchored by the caller). */
export function text(pattern: RegExp, expect: string): Rule<string> {
  return { schema: z.string().trim().regex(pattern), expect };
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID (Entra app and tenant ids); `expect` names which. */
export function uuid(expect: string): Rule<string> {
  return text(GUID, expect);
}

/** `true` or `false` (also `1`/`0`, `yes`/`no`, any case). */
export const flag: Rule<boolean> = {
  schema: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false", "1", "0", "yes", "no"]))
    .transform((s) => s === "true" || s === "1" || s === "yes"),
  expect: "true or false",
};

/** A comma-separated list: entries trimmed, blank ones ignored. */
const commaList = z.string().transform((s) =>
  s
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== ""),
);

/** Comma-separated Teams conversation ids (channels `19:…@thread.tacv2`, chats `19:…` or `a:…`). */
export const teamsConversationIds: Rule<readonly string[]> = {
  schema: commaList.pipe(z.array(z.string().regex(/^(19|a|8):[^\s,]+$/))),
  expect: "comma-separated Teams conversation ids like 19:abc123@thread.tacv2",
};

export const subscriptionId: Rule<string> = text(
  GUID,
  "a subscription id (a GUID like 00000000-0000-0000-0000-000000000000)",
);

/** Source text of a JavaScript regular expression (tested by compiling it). */
export const regexSource: Rule<string> = {
  schema: z
    .string()
    .trim()
    .refine((s) => {
      try {
        new RegExp(s);
        return s !== "";
      } catch {
        return false;
      }
    }),
  expect: "a valid regular expression, like ^web-\\d+$",
};

export const nonEmpty: Rule<string> = { schema: z.string().trim().min(1), expect: "a non-empty value" };

/** A Slack credential; `prefix` is what every such token starts with. */
export function slackToken(prefix: string, kind: string): Rule<string> {
  return {
    schema: z
      .string()
      .trim()
      .startsWith(prefix)
      .min(prefix.length + 8),
    expect: `${kind} starting with ${prefix}`,
  };
}

export const slackSigningSecret: Rule<string> = text(
  /^[0-9a-f]{32,}$/i,
  "the Slack app's signing secret (hexadecimal, from Basic Information → App Credentials)",
);

/** A comma-separated list of Slack channel ids (`C…` public, `G…` private); blank entries are ignored. */
export const slackChannelIds: Rule<readonly string[]> = {
  schema: commaList.pipe(z.array(z.string().regex(/^[CG][A-Z0-9]{4,}$/))),
  expect: "comma-separated Slack channel ids like C0123ABCD,C0456EFGH",
};

/** A platform id as identities are qualified with (`slack`, `teams`, `console`). */
export const PLATFORM_ID = /^[a-z][a-z0-9-]{0,31}$/;
/** What each known platform's ids look like, by kind. */
const PLATFORM_IDS: Record<
  string,
  Partial<Record<"user" | "group", { pattern: RegExp; example: string }>>
> = {
  slack: {
    user: { pattern: /^[UW][A-Z0-9]{2,}$/, example: "slack:U012ABCDEF" },
    group: { pattern: /^S[A-Z0-9]{2,}$/, example: "slack:S012ABCDEF" },
  },
};
const EXAMPLE = {
  user: "slack:U012ABCDEF, teams:<AAD object id> or console:<person>",
  group: "slack:S012ABCDEF",
};

/**
 * Why `entry` is not a platform-qualified identity (`slack:U0123`), with the rewrite when it is
 * just missing its platform; undefined when it is fine.
 */
export function qualifiedIdProblem(entry: string, kind: "user" | "group"): string | undefined {
  const at = entry.indexOf(":");
  if (at < 0) {
    const guess = /^[UWS][A-Z0-9]{2,}$/.test(entry) ? `slack:${entry}` : `<platform>:${entry}`;
    return `"${entry}" must name its platform, like ${EXAMPLE[kind]}: write ${guess}`;
  }
  const platform = entry.slice(0, at);
  const id = entry.slice(at + 1);
  if (!PLATFORM_ID.test(platform) || id.trim() === "" || /\s/.test(id)) {
    return `"${entry}" must be <platform>:<id>, like ${EXAMPLE[kind]}`;
  }
  const shape = PLATFORM_IDS[platform]?.[kind];
  if (shape && !shape.pattern.test(id))
    return `"${entry}" is not a ${platform} ${kind} id, like ${shape.example}`;
  return undefined;
}

/** A comma-separated list of platform-qualified identities (`slack:U0123,teams:…`). */
export function qualifiedIds(kind: "user" | "group"): Rule<readonly string[]> {
  return {
    schema: commaList.superRefine((ids, ctx) => {
      for (const id of ids) {
        const problem = qualifiedIdProblem(id, kind);
        if (problem) ctx.addIssue({ code: "custom", message: problem, params: { explains: true } });
      }
    }),
    expect: `comma-separated ${kind} ids qualified by platform, like ${EXAMPLE[kind]}`,
  };
}

/** Names usable as BullMQ queue names and Redis key prefixes. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** A Redis key prefix: a `NAME`, or one with a Redis Cluster hash tag in it (`{kura}`, `{kura}-prod`). */
export const KEY_PREFIX =
  /^(?=.{1,100}$)(?:[A-Za-z0-9][A-Za-z0-9_.-]*)?(?:\{[A-Za-z0-9_.-]+\}[A-Za-z0-9_.-]*)?$/;

/**
 * The hash tag Redis Cluster hashes a key by: the text between the first `{` and the first `}` after
 * it, when not empty. A prefix with one makes every key under it land on the same slot.
 */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf("{");
  if (open < 0) return undefined;
  const close = key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}
/** Azure VM names: letters, digits, `-`, `_`, `.`; at most 64 characters. */
export const VM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Azure resource group names. */
export const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/u;
/** Recovery Services vault names: 2–50 letters, digits and hyphens, starting with a letter. */
export const VAULT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,49}$/;
