import { badUserInput } from "../errors";

/** Cursors are base64url JSON: opaque to clients, but plain data, so they survive restarts. */
export function encodeCursor(payload: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** Decodes a cursor made by encodeCursor; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw badUserInput(`"after" is not a cursor from this API: ${JSON.stringify(cursor.slice(0, 64))}`);
}

/** Largest page any list returns. */
export const MAX_PAGE_SIZE = 100;

/** The `first` and `after` arguments every paged list takes, as the schema describes them. */
export const FIRST_ARG = {
  nullable: true,
  defaultValue: 20,
  description: `Page size, 0 to ${MAX_PAGE_SIZE}.`,
};
export const AFTER_ARG = {
  nullable: true,
  description: "endCursor of the previous page; null for the first page.",
};

/** Validates a page size: null means the default; more than the maximum is refused, not clamped. */
export function pageSize(first: number | null | undefined, fallback: number, max = MAX_PAGE_SIZE): number {
  const size = first ?? fallback;
  if (size < 0 || size > max) throw badUserInput(`"first" must be between 0 and ${max}; got ${size}`);
  return size;
}
