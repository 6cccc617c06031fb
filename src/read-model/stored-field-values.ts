// Reading list fields as stored: the original collector, frontends and drec may each have written a
// field, or left it out.

const NONE: readonly string[] = Object.freeze([]);

/** A count as stored: a finite number, else null (missing or not a number: sorts lowest, serves as 0). */
export function storedCount(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** A time as stored: a Date (or a date string from a foreign writer), else null. */
export function storedDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "string") {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}

/**
 * The placeholders the original collector (kwk/docker-registry-event-collector, events/events.go) stored
 * for "never": a pull set `firstpushed` to 2099-01-01 and `lastpushed` to 1970-01-01 (UTC), a push did the
 * same to `firstpulled`/`lastpulled`, so its $min/$max would replace them with the first real time.
 */
const LEGACY_NEVER = { first: Date.UTC(2099, 0, 1), last: Date.UTC(1970, 0, 1) } as const;

/** A first/last event time as stored, with the original collector's "never" placeholder read as null. */
export function storedEventTime(value: unknown, which: "first" | "last"): Date | null {
  const date = storedDate(value);
  return date?.getTime() === LEGACY_NEVER[which] ? null : date;
}

/** storedEventTime as epoch milliseconds, or null. */
export const eventEpoch = (value: unknown, which: "first" | "last"): number | null =>
  storedEventTime(value, which)?.getTime() ?? null;

/** A time as epoch milliseconds, or null. */
export function epoch(value: unknown): number | null {
  return storedDate(value)?.getTime() ?? null;
}

/** A string list as stored; a shared empty list for none. */
export function storedStrings(value: unknown): readonly string[] {
  return Array.isArray(value) && value.length > 0 ? value.map(String) : NONE;
}
