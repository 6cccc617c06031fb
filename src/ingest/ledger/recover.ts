// Recovery: pending ledger entries nobody is applying (their process crashed, or their request failed
// after the insert) are queued again: at start, periodically, and when the registry redelivers one.
import type { EventDoc } from "../../store/models/event.model";
import type { IngestDeps } from "../ingest-deps";
import type { Applier } from "../apply/applier";
import { classifyStored, discardUnreadable, takeOver } from "./ledger-entries";

const PAGE = 500;

type Recoverable = Pick<EventDoc, "_id" | "batch">;

/**
 * Entries this process claimed in a recovery that then failed (the database went away between the claim
 * and reading what it took, or before the events were queued). The claim is now this process's own, so
 * the periodic recovery, which skips own entries, would never look at them again, and other processes
 * see a live claim: an acknowledged event stayed pending for good (found by the soak). Kept per process;
 * the next recovery retries them first.
 */
export class UnfinishedRecoveries {
  private readonly entries = new Map<string, Recoverable>();

  add(entry: Recoverable): void {
    this.entries.set(entry._id, { _id: entry._id, batch: entry.batch });
  }

  /** Removes and returns every entry waiting for a retry. */
  take(): Recoverable[] {
    const taken = [...this.entries.values()];
    this.entries.clear();
    return taken;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Claims an entry that is ours or whose claim lapsed, with every pending entry of its batch, and queues
 * them under that batch. Returns how many were queued.
 */
export async function recoverEntry(deps: IngestDeps, applier: Applier, entry: Recoverable): Promise<number> {
  const taken = await takeOver(deps, entry.batch === undefined ? { _id: entry._id } : { batch: entry.batch });
  let queued = 0;
  for (const pending of taken) {
    if (applier.holds(pending._id)) continue;
    const stored = classifyStored(pending);
    if (!stored.ok) {
      await discardUnreadable(deps, pending, stored.reason);
      continue;
    }
    void applier.enqueue(
      { id: pending._id, receivedAt: pending.receivedAt, event: stored.event },
      pending.batch,
    );
    queued += 1;
  }
  return queued;
}

/**
 * Queues every pending entry of another (crashed or stalled) process whose claim has lapsed. This
 * process's own entries are left out: it holds them in its applier, whose backlog under load is longer
 * than a claim (paging through thousands of those, each page a scan of the ledger with a growing $nin,
 * starved the applier of database time); an own entry it does not hold (an insert that succeeded but
 * was answered 503) is recovered when the registry redelivers it, or by the next process.
 */
export async function recoverPending(
  deps: IngestDeps,
  applier: Applier,
  unfinished: UnfinishedRecoveries,
): Promise<number> {
  let recovered = 0;
  // Entries looked at already: failed ones stay lapsed.
  const seen = new Set<string>();
  const attempt = async (entry: Recoverable) => {
    seen.add(entry._id);
    if (applier.holds(entry._id)) return;
    try {
      recovered += await recoverEntry(deps, applier, entry);
    } catch (err) {
      unfinished.add(entry);
      deps.log.warn({ err, eventId: entry._id }, "could not recover a pending event; will retry");
    }
  };
  for (const entry of unfinished.take()) await attempt(entry);
  for (;;) {
    const page = await deps.models.events
      .find(
        {
          state: "pending",
          claimedBy: { $ne: deps.instanceId },
          claimedUntil: { $not: { $gt: new Date() } },
          _id: { $nin: [...seen] },
        },
        { _id: 1, batch: 1 },
      )
      .limit(PAGE)
      .lean<Recoverable[]>();
    if (page.length === 0) return recovered;
    for (const entry of page) await attempt(entry);
  }
}

/**
 * When the claims of pending entries held by other processes lapse, in ms from now; undefined if there
 * are none. After a crash and a quick restart the old process's claims are still live at start, and its
 * acknowledged events must not wait for the periodic recovery.
 */
export async function nextLapse(deps: IngestDeps): Promise<number | undefined> {
  const latest = await deps.models.events
    .find({ state: "pending", claimedBy: { $ne: deps.instanceId } }, { claimedUntil: 1 })
    .sort({ claimedUntil: -1 })
    .limit(1)
    .lean<Pick<EventDoc, "claimedUntil">[]>();
  const until = latest[0]?.claimedUntil;
  return until ? Math.max(0, until.getTime() - Date.now()) : undefined;
}
