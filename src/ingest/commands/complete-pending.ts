// Ledger recovery: an event left pending (its process crashed, or the database failed mid-way) is
// finished here at startup and periodically, instead of waiting for the registry to redeliver it
// (a restarted registry never will: its queue lived in memory).
import type { EventDoc } from "../../stats/event.model";
import type { IngestDeps } from "../ingest-deps";
import { applyEvent } from "./apply-event";
import { classifyStored, takeOver } from "./claim-event";

const BATCH = 100;

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

async function completeOne(deps: IngestDeps, id: string): Promise<boolean> {
  const entry = await takeOver(deps, id);
  if (!entry) return false; // another process holds it, or finished it meanwhile
  const stored = classifyStored(entry);
  if (!stored.ok) await discardUnreadable(deps, entry, stored.reason);
  else await applyEvent(deps, { id: entry._id, receivedAt: entry.receivedAt, event: stored.event });
  return true;
}

/** Completes every pending event whose claim has lapsed; returns how many it completed. */
export async function completePending(deps: IngestDeps): Promise<number> {
  let completed = 0;
  const failed = new Set<string>();
  for (;;) {
    const now = new Date();
    const batch = await deps.models.events
      .find(
        { state: "pending", claimedUntil: { $not: { $gt: now } }, _id: { $nin: [...failed] } },
        { _id: 1, repository: 1 },
      )
      .limit(BATCH)
      .lean<Pick<EventDoc, "_id" | "repository">[]>();
    if (batch.length === 0) return completed;
    for (const { _id: id, repository } of batch) {
      try {
        if (await deps.lock.run(repository, () => completeOne(deps, id))) completed += 1;
        else failed.add(id);
      } catch (err) {
        failed.add(id);
        deps.log.warn({ err, eventId: id }, "could not complete a pending event; will retry");
      }
    }
  }
}
