// CNCF distribution's envelope {events: [...]} (also GitLab's container registry, whose `rename`
// action is read by event.schema.ts and classify.ts), or a single event as Azure Container Registry
// posts it (acr.ts).
import { parseEnvelope } from "./envelope.schema";
import { isSingleEvent } from "./acr";
import { asIs, type NormalizeResult } from "./normalized";

/** Reads a distribution envelope or an ACR single event; the events are validated one by one later. */
export function distributionEvents(body: unknown): NormalizeResult {
  if (isSingleEvent(body)) return { ok: true, events: [asIs(body)] };
  const envelope = parseEnvelope(body);
  if (!envelope.ok) return envelope;
  return { ok: true, events: envelope.events.map(asIs) };
}
