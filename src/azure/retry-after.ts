/**
 * Reading Azure's "wait this long" headers. ARM sends `Retry-After` in seconds on 429 and on 202s of
 * asynchronous operations (ref §3, §5); some services send milliseconds in `retry-after-ms` or
 * `x-ms-retry-after-ms`, and `Retry-After` may also be an HTTP date (the same three forms the SDK's
 * own throttling strategy reads).
 */

/** The one method of the SDK's `HttpHeaders` that we need, so tests can pass a plain object. */
export interface HeaderReader {
  get(name: string): string | undefined;
}

/** Milliseconds to wait, or undefined when no usable header is present. */
export function retryAfterMs(
  headers: HeaderReader | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = asNonNegativeNumber(headers.get(name));
    if (ms !== undefined) return Math.ceil(ms);
  }
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = asNonNegativeNumber(value);
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function asNonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** `value` limited to `[min, max]`. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
