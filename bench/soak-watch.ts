// Reads what drec stored, straight from its database over the wire: the repository counters, the ledger,
// and, polled while the soak runs, how long the counters stood still while acknowledged events waited.
import { MongoClient } from "mongodb";
import type { Counts } from "./soak-sender";
import { setTimeout as sleep } from "node:timers/promises";

/** drec's ledger collection (src/ingest/ledger/ledger-entries.ts). */
const LEDGER = "drec_events";
const COLLECTION = "registry-stats";
/** Ids per `$in` lookup (the embedded database reads `$in` of `_id` from its index). */
const CHUNK = 5000;

/** Acknowledged events as drec's ledger holds them. */
export interface LedgerCheck {
  /** Acknowledged but absent from the ledger: never stored. */
  missing: number;
  /** In the ledger but still pending. */
  pending: number;
}

/** The soak's view into drec's database; reads fail quietly while the database is down. */
export class StatsWatch {
  private readonly client: MongoClient;
  private polling = false;
  private loop: Promise<void> | undefined;
  private lastTotal = 0;
  private lastMove = Date.now();
  /** Longest time, in ms, the counters did not move while acknowledged events were not yet counted. */
  longestStallMs = 0;

  constructor(
    uri: string,
    private readonly database: string,
  ) {
    this.client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000, directConnection: true });
  }

  /** Counted pulls and pushes by repository, or undefined when the database does not answer. */
  async counts(): Promise<Map<string, Counts> | undefined> {
    try {
      const docs = await this.client
        .db(this.database)
        .collection(COLLECTION)
        .find({}, { projection: { repositoryname: 1, numpulls: 1, numpushs: 1 } })
        .toArray();
      return new Map(
        docs.map((d) => [
          String(d.repositoryname),
          { pulls: Number(d.numpulls ?? 0), pushes: Number(d.numpushs ?? 0) },
        ]),
      );
    } catch {
      return undefined;
    }
  }

  /** Polls the counters every `intervalMs` until stop(); `acknowledged()` is the manifest events acknowledged so far. */
  start(acknowledged: () => number, intervalMs = 250): void {
    this.polling = true;
    this.lastMove = Date.now();
    this.loop = (async () => {
      while (this.polling) {
        const counts = await this.counts();
        const now = Date.now();
        if (counts) {
          const total = [...counts.values()].reduce((sum, c) => sum + c.pulls + c.pushes, 0);
          if (total !== this.lastTotal) [this.lastTotal, this.lastMove] = [total, now];
        }
        // A stall is counted only while something acknowledged is waiting to be counted.
        if (acknowledged() > this.lastTotal)
          this.longestStallMs = Math.max(this.longestStallMs, now - this.lastMove);
        else this.lastMove = now;
        await sleep(intervalMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.polling = false;
    await this.loop;
  }

  /** Ledger entries still pending (stored, not yet applied), or undefined when the database does not answer. */
  async pendingEntries(): Promise<number | undefined> {
    try {
      return await this.client.db(this.database).collection(LEDGER).countDocuments({ state: "pending" });
    } catch {
      return undefined;
    }
  }

  /** Looks up acknowledged event ids in drec's ledger. */
  async ledger(ids: string[]): Promise<LedgerCheck> {
    const events = this.client.db(this.database).collection<{ _id: string; state: string }>(LEDGER);
    const check: LedgerCheck = { missing: 0, pending: 0 };
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const found = await events.find({ _id: { $in: chunk } }, { projection: { state: 1 } }).toArray();
      check.missing += chunk.length - found.length;
      check.pending += found.filter((e) => e.state !== "applied").length;
    }
    return check;
  }

  /** The ledger entries of these ids as stored (state, claim, batch), for a failure report. */
  async entries(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = await this.client
      .db(this.database)
      .collection<{ _id: string }>(LEDGER)
      .find(
        { _id: { $in: ids } },
        { projection: { state: 1, claimedBy: 1, claimedUntil: 1, batch: 1, receivedAt: 1 } },
      )
      .toArray();
    return new Map(found.map(({ _id, ...rest }) => [_id, rest]));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
