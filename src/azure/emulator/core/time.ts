/** Time formatting shared by views. Every timestamp leaves the emulator as ISO-8601 with `Z` (ref §2f). */

export const DAY_MS = 86_400_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `yyyy-MM-dd` of the UTC day, the unit of the on-demand quota. */
export function utcDay(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** ISO-8601 duration like Azure's `PT9.8782791S` (ref §2g). */
export function isoDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return `PT${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)}S`;
}

/** The "not finished" end time Azure sends on in-progress operations (EX:ProtectedItem_Delete_OperationStatus). */
export const NOT_ENDED = "0001-01-01T00:00:00.00000Z";
