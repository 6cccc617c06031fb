import { classify } from "../classify";
import { parseEvent } from "../event.schema";
import type { ClassifiedEvent, EventKind } from "../event.types";
import type { IngestDeps } from "../ingest-deps";
import { applyEvent, scheduleMarkerRemoval } from "./apply-event";
import { claimEvent } from "./claim-event";
import { recordDeadLetter } from "./record-dead-letter";
import { discardUnreadable } from "./complete-pending";

/** What happened to one event: applied now, applied before, not stored, or dead-lettered. */
export type EventOutcome = "counted" | "duplicate" | "ignored" | "rejected";

/** The outcome and, when the event could be interpreted, its kind (for metrics). */
export interface EventResult {
  outcome: EventOutcome;
  kind: EventKind | "invalid";
}

/** One event of an envelope: validate, classify, then apply it exactly once. */
export async function ingestEvent(deps: IngestDeps, raw: unknown, receivedAt: Date): Promise<EventResult> {
  const parsed = parseEvent(raw);
  if (!parsed.ok) {
    await recordDeadLetter(deps, raw, parsed.reason, receivedAt);
    return { outcome: "rejected", kind: "invalid" };
  }
  const event = classify(parsed.event);
  if (event.kind === "ignored") return { outcome: "ignored", kind: event.kind };
  return deps.lock.run(event.repository, () => claimAndApply(deps, event, raw, receivedAt));
}

async function claimAndApply(
  deps: IngestDeps,
  event: ClassifiedEvent,
  raw: unknown,
  receivedAt: Date,
): Promise<EventResult> {
  const claim = await claimEvent(deps, event, raw, receivedAt);
  if (claim.state === "applied") {
    scheduleMarkerRemoval(deps, event.id, event);
    return { outcome: "duplicate", kind: event.kind };
  }
  if (claim.state === "unreadable") {
    await discardUnreadable(deps, claim.entry, claim.reason);
    return { outcome: "rejected", kind: event.kind };
  }
  await applyEvent(deps, claim.claimed);
  return { outcome: "counted", kind: claim.claimed.event.kind };
}
