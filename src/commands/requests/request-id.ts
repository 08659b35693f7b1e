/** Backup and snapshot request ids: their shape, made and recognised in one place. */

const SHAPE = /^b-[0-9a-f]{10}$/;

/**
 * `b-` and 10 hex digits (a trillion ids; a collision is refused by the store): short enough to type.
 * The randomness comes from the composition root (the core imports no crypto).
 */
export function requestIdFrom(tenHexDigits: string): string {
  return `b-${tenHexDigits}`;
}

/**
 * Whether `text` has a request id's shape. `/backup status` answers such an id that is not stored
 * (never made, or removed after `KURA_KEEP_REQUESTS_DAYS`) as a missing request, without reading
 * Azure for a VM of that name (a VM so named is still found by its ARM id).
 */
export function looksLikeRequestId(text: string): boolean {
  return SHAPE.test(text);
}
