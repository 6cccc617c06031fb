// Events the database refused to apply (a write it rejects whatever the retries: a legacy document of
// the wrong shape, a bad value) go to the dead letters with its error, and their ledger entries are
// settled as rejected: no longer pending, so recovery never replays them and a redelivery is a
// duplicate. Their accepted writes stay (there are no transactions to undo them).
import type { EventDoc } from "../../store/models/event.model";
import { step, type IngestDeps } from "../ingest-deps";
import type { ClaimedEvent } from "../ledger/ledger-entries";

/** The dead letter of a rejected event: one per event, so a re-run after a crash adds no second one. */
export const rejectedLetterId = (eventId: string): string => `rejected:${eventId}`;

/** Dead-letters the events with their reasons, then settles their ledger entries as rejected. */
export async function rejectEvents(
  deps: IngestDeps,
  events: ClaimedEvent[],
  reasons: Map<string, string>,
): Promise<void> {
  const ids = events.map((c) => c.id);
  const entries = await deps.models.events
    .find({ _id: { $in: ids } }, { event: 1 })
    .lean<Pick<EventDoc, "_id" | "event">[]>();
  const raw = new Map(entries.map((e) => [e._id, e.event]));
  for (const claimed of events) {
    const reason = reasons.get(claimed.id) ?? "refused by the database";
    // The native driver: the model's _id is an ObjectId, a string id keeps the letter unique per event.
    await step(deps, "dead-letter", () =>
      deps.models.deadLetters.collection.updateOne(
        { _id: rejectedLetterId(claimed.id) as never },
        {
          $setOnInsert: {
            receivedAt: claimed.receivedAt,
            reason: `not applied: ${reason}`,
            eventId: claimed.id,
            ...(claimed.event.source ? { source: claimed.event.source } : {}),
            event: raw.get(claimed.id) ?? null,
          },
        },
        { upsert: true },
      ),
    );
    deps.log.warn(
      { eventId: claimed.id, reason },
      "stored event refused by the database; moved to the dead letters",
    );
  }
  await step(deps, "ledger.rejected", () =>
    deps.models.events.updateMany(
      { _id: { $in: ids }, state: "pending", claimedBy: deps.instanceId },
      { $set: { state: "rejected" }, $unset: { claimedBy: "", claimedUntil: "" } },
    ),
  );
}
