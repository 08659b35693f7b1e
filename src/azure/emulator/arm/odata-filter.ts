/**
 * The OData subset Azure Backup uses in `$filter`: `key eq 'value'` clauses joined by `and` (ref §2a, §2h).
 * Anything else is a 400, as ARM refuses filters it cannot read.
 */
import { ArmError } from "../core/arm-error.ts";

const CLAUSE = /\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*/y;
const AND = /and(?=\s)/iy;

/** Parses a filter into lower-cased keys → values; throws 400 for a syntax error or a key not in `allowed`. */
export function parseFilter(filter: string | null, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (filter === null || filter.trim() === "") return out;
  let pos = 0;
  for (;;) {
    CLAUSE.lastIndex = pos;
    const m = CLAUSE.exec(filter);
    if (!m) throw badFilter(filter);
    const key = (m[1] as string).toLowerCase();
    if (!allowed.some((a) => a.toLowerCase() === key)) {
      throw new ArmError(400, "BMSUserErrorInvalidFilter", `The filter key '${m[1]}' is not supported here.`);
    }
    out.set(key, (m[2] as string).replaceAll("''", "'"));
    pos = CLAUSE.lastIndex;
    if (pos >= filter.length) return out;
    AND.lastIndex = pos;
    if (!AND.exec(filter)) throw badFilter(filter);
    pos = AND.lastIndex;
  }
}

function badFilter(filter: string): ArmError {
  // Inference: the BMS error code for an unreadable filter is not documented.
  return new ArmError(400, "BMSUserErrorInvalidFilter", `The $filter '${filter}' could not be parsed.`);
}

const FILTER_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/i;

/**
 * A date in a job or RP filter: `yyyy-MM-dd hh:mm:ss tt`, read as UTC (ref §2h; Azure CLI sends
 * `strftime('%Y-%m-%d %I:%M:%S %p')` of UTC times). ISO strings are accepted too.
 */
export function parseFilterDate(value: string, key: string): number {
  const m = FILTER_DATE.exec(value.trim());
  if (m) {
    let hour = Number(m[4]) % 12;
    if ((m[7] as string).toUpperCase() === "PM") hour += 12;
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour, Number(m[5]), Number(m[6]));
  }
  const iso = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(iso)) return iso;
  throw new ArmError(
    400,
    "BMSUserErrorInvalidFilter",
    `The value '${value}' of '${key}' is not a date in the form 'yyyy-MM-dd hh:mm:ss tt'.`,
  );
}
