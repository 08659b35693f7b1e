/**
 * List paging with absolute `nextLink`s. The SDK follows a nextLink as-is and adds no query parameters
 * (ref §2a "Paging"), so the link carries api-version, the filter and the skip token.
 */
import { ArmError } from "../core/arm-error.ts";

export interface PageRequest {
  /** `https://host/path` of the list request. */
  base: string;
  query: URLSearchParams;
  pageSize: number;
}

/** One page of `all`, with a nextLink only when more remain (the spec types nextLink as a string). */
export function page<T>(all: readonly T[], req: PageRequest, view: (x: T) => object): object {
  const raw = skipToken(req.query);
  const offset = raw === null ? 0 : Number(raw);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ArmError(400, "BMSUserErrorInvalidSkipToken", `The skip token '${raw}' is not valid.`);
  }
  const slice = all.slice(offset, offset + req.pageSize);
  const body: { value: object[]; nextLink?: string } = { value: slice.map(view) };
  if (offset + req.pageSize < all.length) {
    const next = new URLSearchParams();
    next.set("api-version", req.query.get("api-version") ?? "2023-06-01");
    const filter = req.query.get("$filter");
    if (filter !== null) next.set("$filter", filter);
    next.set("$skiptoken", String(offset + req.pageSize));
    body.nextLink = `${req.base}?${next.toString()}`;
  }
  return body;
}

/** The SDK sends `$skipToken`; Azure's own links use `$skiptoken` (EX:ListJobsWithStartTimeAndEndTimeFilters). */
function skipToken(query: URLSearchParams): string | null {
  for (const [key, value] of query) if (key.toLowerCase() === "$skiptoken") return value;
  return null;
}
