// The envelope is checked alone; its events are validated one by one (event.schema.ts),
// because one bad event must not reject the others: the registry would retry them forever.
import { z } from "zod";

/** Registries post one event per request; far more than this in one body is not a registry. */
export const MAX_EVENTS_PER_ENVELOPE = 1000;

/** The envelope's events, still unvalidated, or why the body is not an envelope. */
export type EnvelopeParseResult = { ok: true; events: unknown[] } | { ok: false; message: string };

/** A short name for the JSON type of a value, for error messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const eventsSchema = z
  .array(z.unknown(), {
    error: (issue) =>
      issue.input === undefined
        ? 'body must be a JSON object with an "events" array; "events" is missing'
        : `"events" must be an array, got ${jsonTypeOf(issue.input)}`,
  })
  .max(MAX_EVENTS_PER_ENVELOPE, {
    error: (issue) =>
      `"events" holds ${Array.isArray(issue.input) ? issue.input.length : "too many"} events; ` +
      `at most ${MAX_EVENTS_PER_ENVELOPE} are accepted per request`,
  });

// Extra top-level keys are allowed: registries may add some.
const envelopeSchema = z.object(
  { events: eventsSchema },
  { error: (issue) => `body must be a JSON object with an "events" array, got ${jsonTypeOf(issue.input)}` },
);

/** Reads a JSON-parsed body as `{ events: [...] }`; never throws. */
export function parseEnvelope(body: unknown): EnvelopeParseResult {
  const parsed = envelopeSchema.safeParse(body);
  if (parsed.success) return { ok: true, events: parsed.data.events };
  return { ok: false, message: parsed.error.issues[0]?.message ?? "body is not an event envelope" };
}
