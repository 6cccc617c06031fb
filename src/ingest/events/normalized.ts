// What every source format is turned into: distribution's notification event (the shape the rest of
// ingest validates, classifies and stores), or a decision that needs no event.

/** One event of a request after its format is read. */
export type NormalizedEvent =
  /** A distribution-style event for event.schema.ts; `raw` is what the registry sent, for dead letters. */
  | { kind: "event"; event: unknown; raw: unknown }
  /** A type drec does not count (scans, quotas, repository creation): answered as `ignored`. */
  | { kind: "ignore"; reason: string }
  /** A known type that cannot be read: a dead letter with the reason, as for a bad distribution event. */
  | { kind: "reject"; reason: string; raw: unknown };

/** The events of a request, or why the body as a whole is not one the source's format allows (400). */
export type NormalizeResult = { ok: true; events: NormalizedEvent[] } | { ok: false; message: string };

/** A distribution event as is: it is validated later, on its own. */
export const asIs = (event: unknown): NormalizedEvent => ({ kind: "event", event, raw: event });

/** A plain JSON object, or undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A non-empty string, or undefined. */
export const stringOf = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;
