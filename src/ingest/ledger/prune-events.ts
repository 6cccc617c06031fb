// Retention of the raw event log (and with it the redelivery ledger) and of dead letters.
// A job, not a TTL index: the embedded database has none (store/backend-quirks.ts).
import type { IngestDeps } from "../ingest-deps";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How many documents one pruning run removed. */
export interface PruneResult {
  events: number;
  deadLetters: number;
}

/** Deletes settled (applied or rejected) events and dead letters received more than `retentionDays` before `now`. */
export async function pruneEvents(
  deps: IngestDeps,
  retentionDays: number,
  now = new Date(),
): Promise<PruneResult> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  // Pending entries stay whatever their age: recovery still has to complete them.
  const events = await deps.models.events.deleteMany({
    state: { $ne: "pending" },
    receivedAt: { $lt: cutoff },
  });
  const deadLetters = await deps.models.deadLetters.deleteMany({ receivedAt: { $lt: cutoff } });
  const result = { events: events.deletedCount, deadLetters: deadLetters.deletedCount };
  if (result.events + result.deadLetters > 0) deps.log.info({ ...result, cutoff }, "pruned the event log");
  return result;
}
