// Ledger bookkeeping of a batch, one write each, addressed by `_id` (the only index every backend
// uses: store/backend-quirks.ts): claim the batch's entries and name the batch in them before any statistic is
// written, and mark them applied after the last one.
import type { QueryFilter } from "mongoose";
import type { EventDoc } from "../../store/models/event.model";
import { classify } from "../events/classify";
import { parseEvent } from "../events/event.schema";
import { withSource } from "../events/source-key";
import type { ClassifiedEvent } from "../events/event.types";
import { step, type IngestDeps } from "../ingest-deps";
import { storable } from "../../store/storable-value";

/** An event this process holds the ledger claim of, ready to apply. */
export interface ClaimedEvent {
  id: string;
  receivedAt: Date;
  event: ClassifiedEvent;
}

/** The pending ledger entry of a newly received event, claimed by this process. */
export function ledgerEntry(
  deps: IngestDeps,
  event: ClassifiedEvent,
  raw: unknown,
  receivedAt: Date,
): EventDoc {
  return {
    _id: event.id,
    state: "pending",
    receivedAt,
    repository: event.repository,
    action: (raw as { action?: string }).action ?? "",
    kind: event.kind,
    timestamp: event.timestamp,
    ...(event.actor ? { actor: event.actor } : {}),
    ...(event.automated ? { automated: event.automated } : {}),
    ...(event.source ? { source: event.source } : {}),
    event: storable(raw),
    claimedBy: deps.instanceId,
    claimedUntil: new Date(receivedAt.getTime() + deps.claimMs),
  };
}

/** The classified event of a ledger entry, from its stored raw event. */
export function classifyStored(
  entry: EventDoc,
): { ok: true; event: ClassifiedEvent } | { ok: false; reason: string } {
  const parsed = parseEvent(entry.event);
  if (!parsed.ok) return { ok: false, reason: `stored event no longer parses: ${parsed.reason}` };
  // The automated decision is the entry's, not today's configuration's: see ingest/automated-rule.ts.
  // The source is the entry's: the stored event is the registry's, with bare repository names.
  const event = withSource(classify(parsed.event), entry.source);
  const automated = entry.automated === undefined ? {} : { automated: entry.automated };
  const credit = entry.credit === undefined ? {} : { credit: entry.credit };
  return { ok: true, event: { ...event, ...automated, ...credit } };
}

const claimUntil = (deps: IngestDeps) => new Date(Date.now() + deps.claimMs);

/**
 * Names the batch in its entries and renews their claim; returns the ids still claimed by this process
 * (an entry whose claim lapsed while it waited may have been taken over by another process).
 */
export async function claimBatch(deps: IngestDeps, batch: string, ids: string[]): Promise<Set<string>> {
  const filter: QueryFilter<EventDoc> = { _id: { $in: ids }, state: "pending", claimedBy: deps.instanceId };
  const result = await step(deps, "ledger.batch", () =>
    deps.models.events.updateMany(filter, { $set: { batch, claimedUntil: claimUntil(deps) } }),
  );
  if (result.matchedCount === ids.length) return new Set(ids);
  const ours = await deps.models.events.find(filter, { _id: 1 }).lean<Pick<EventDoc, "_id">[]>();
  return new Set(ours.map((entry) => entry._id));
}

/** Marks the batch's entries applied; only the claim holder may. */
export async function markApplied(deps: IngestDeps, ids: string[]): Promise<void> {
  const result = await step(deps, "ledger.applied", () =>
    deps.models.events.updateMany(
      { _id: { $in: ids }, state: "pending", claimedBy: deps.instanceId },
      { $set: { state: "applied" }, $unset: { claimedBy: "", claimedUntil: "" } },
    ),
  );
  if (result.matchedCount < ids.length) {
    deps.log.warn(
      { expected: ids.length, marked: result.matchedCount },
      "some events of the batch were already marked applied (a retry, or another process finished them)",
    );
  }
}

/**
 * Takes over pending entries whose claim has lapsed (or that this process claimed but is not applying): one entry, or every pending entry of its batch
 * (a batch is re-applied whole, under its own id, or its markers would hide the missing events).
 */
export async function takeOver(deps: IngestDeps, filter: QueryFilter<EventDoc>): Promise<EventDoc[]> {
  const now = new Date();
  // Ours too: a request whose insert succeeded but answered with an error left it claimed by us.
  const mine = { claimedBy: deps.instanceId };
  const lapsed: QueryFilter<EventDoc> = {
    ...filter,
    state: "pending",
    $or: [mine, { claimedUntil: { $not: { $gt: now } } }],
  };
  await step(deps, "ledger.claim", () =>
    deps.models.events.updateMany(lapsed, {
      $set: { claimedBy: deps.instanceId, claimedUntil: claimUntil(deps) },
    }),
  );
  return deps.models.events
    .find({ ...filter, state: "pending", claimedBy: deps.instanceId })
    .lean<EventDoc[]>();
}

/** Moves a ledger entry whose stored event cannot be read anymore to the dead letters. */
export async function discardUnreadable(deps: IngestDeps, entry: EventDoc, reason: string): Promise<void> {
  await deps.models.deadLetters.create({
    receivedAt: entry.receivedAt,
    reason,
    eventId: entry._id,
    event: entry.event,
  });
  await deps.models.events.deleteOne({ _id: entry._id, state: "pending" });
  deps.log.warn({ eventId: entry._id, reason }, "pending ledger entry moved to the dead letters");
}
