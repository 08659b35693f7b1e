/**
 * Renders a `Message` in a locale. Adapters call this; the core only builds keys and parameters.
 * Never throws: an unknown key renders as the key itself, a missing parameter as its placeholder,
 * so a catalog slip shows up on screen instead of breaking a card.
 */
import { DateTime } from "luxon";
import { en, type MessageKey } from "./messages/en.ts";
import { ja } from "./messages/ja.ts";
import type { Locale, Message } from "./types.ts";

export interface RenderOptions {
  /** IANA zone that instants are shown in. @defaultValue `"Asia/Tokyo"` */
  timeZone?: string;
}

export const DEFAULT_TIME_ZONE = "Asia/Tokyo";

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, ja };

/** `{name}` or `{name:format}`. */
export const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)(?::(time|status|protection|weekday))?\}/g;

export function renderMessage(message: Message, locale: Locale = "en", options: RenderOptions = {}): string {
  const catalog = CATALOGS[locale] ?? en;
  const template = lookup(catalog, message.key) ?? lookup(en, message.key) ?? message.key;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  return template.replace(PLACEHOLDER, (whole, name: string, format: string | undefined) => {
    const value = message.params?.[name];
    if (value === undefined) return whole;
    if (typeof value === "object") return renderMessage(value, locale, options);
    if (format === "time") return formatInstant(String(value), timeZone);
    if (format) return lookup(catalog, `${format}.${value}`) ?? String(value);
    return String(value);
  });
}

/** A `Fact` value or any `string | Message`, rendered. */
export function renderText(
  value: string | Message,
  locale: Locale = "en",
  options: RenderOptions = {},
): string {
  return typeof value === "string" ? value : renderMessage(value, locale, options);
}

function lookup(catalog: Record<MessageKey, string>, key: string): string | undefined {
  return Object.hasOwn(catalog, key) ? catalog[key as MessageKey] : undefined;
}

/**
 * `2026-11-26 12:00 JST`: unambiguous in both languages and sortable. A value that is not an
 * instant is shown as given.
 */
export function formatInstant(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const at = DateTime.fromISO(iso, { zone: "utc" });
  if (!at.isValid) return iso;
  const local = at.setZone(timeZone);
  if (!local.isValid) return `${at.toFormat("yyyy-MM-dd HH:mm")} UTC`;
  return `${local.toFormat("yyyy-MM-dd HH:mm")} ${zoneAbbreviation(local.toJSDate(), timeZone)}`;
}

/**
 * English names many zones only as `GMT+9`; Japanese names Tokyo `JST`. Take a letters-only
 * abbreviation from either, else the offset.
 */
function zoneAbbreviation(at: Date, timeZone: string): string {
  const name = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value ?? "";
  const english = name("en-US");
  if (/^[A-Z]{2,5}$/.test(english)) return english;
  const japanese = name("ja-JP");
  return /^[A-Z]{2,5}$/.test(japanese) ? japanese : english;
}
