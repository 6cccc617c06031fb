import { DEFAULT_SOURCE } from "../../config/sources.schema";
import { UnconfirmedWriteError } from "../../store/database-errors";
import type { IngestDeps } from "../ingest-deps";
import { storable } from "../../store/storable-value";

/**
 * Keeps an event that cannot be interpreted, with the reason, for operators; the registry gets 2xx
 * ("rejected") only once the driver confirms the insert, like any other acknowledged event.
 */
export async function recordDeadLetter(
  deps: IngestDeps,
  raw: unknown,
  reason: string,
  receivedAt: Date,
  source?: string,
) {
  const id = (raw as { id?: unknown } | null)?.id;
  const eventId = typeof id === "string" && id.length > 0 ? id.slice(0, 256) : undefined;
  const named = source === undefined || source === DEFAULT_SOURCE ? {} : { source };
  const letter = new deps.models.deadLetters({ receivedAt, reason, eventId, ...named, event: storable(raw) });
  // The native insert, so its result can be checked (Mongoose's create returns the document only).
  const result = await deps.models.deadLetters.collection.insertOne(letter.toObject());
  if (!result.acknowledged) throw new UnconfirmedWriteError("the dead-letter insert was not acknowledged");
  deps.log.warn({ eventId, reason, source }, "registry event rejected into the dead-letter collection");
}
