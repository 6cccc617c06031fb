import type { IngestDeps } from "../ingest-deps";
import { storable } from "../storable";

/** Keeps an event that cannot be interpreted, with the reason, for operators; the registry still gets 2xx. */
export async function recordDeadLetter(deps: IngestDeps, raw: unknown, reason: string, receivedAt: Date) {
  const id = (raw as { id?: unknown } | null)?.id;
  const eventId = typeof id === "string" && id.length > 0 ? id.slice(0, 256) : undefined;
  await deps.models.deadLetters.create({ receivedAt, reason, eventId, event: storable(raw) });
  deps.log.warn({ eventId, reason }, "registry event rejected into the dead-letter collection");
}
