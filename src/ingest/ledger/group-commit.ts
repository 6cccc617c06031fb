// Group commit of the ledger: the entries of every request that arrives while an insert is running go
// into the next insert, one `insertMany` (one transaction on the embedded database) for all of them.
// An entry is durable once the driver confirms its insert; a duplicate event id fails alone with E11000.
import type { EventDoc } from "../../store/models/event.model";
import { step, type IngestDeps } from "../ingest-deps";
import { failedInsertOutcomes, insertedOutcomes, type InsertOutcome } from "./insert-outcome";

/** "new": this insert stored the event; "exists": the ledger already had its id (a redelivery). */
export type AppendResult = Exclude<InsertOutcome, { error: unknown }>;

interface Waiting {
  entry: EventDoc;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/** Largest group per insert: keeps one command well under the 16 MiB message limit. */
const MAX_GROUP = 256;

/** Appends ledger entries, many requests per insert. */
export class Journal {
  private waiting: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly deps: IngestDeps) {}

  /** Resolves once the entry is stored (or known to be stored already); rejects if the insert failed. */
  append(entry: EventDoc): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    // Let the requests of this tick join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) await this.insertGroup(this.waiting.splice(0, MAX_GROUP));
    this.running = undefined;
  }

  private async insertGroup(group: Waiting[]): Promise<void> {
    let outcome: InsertOutcome[];
    try {
      const result = await step(this.deps, "ledger.insert", () =>
        this.deps.models.events.collection.insertMany(
          // The native driver: the entries are complete, and Mongoose's casting would cost per event.
          group.map((w) => w.entry as unknown as Record<string, unknown>),
          { ordered: false },
        ),
      );
      outcome = insertedOutcomes(group.length, result);
    } catch (err) {
      outcome = failedInsertOutcomes(group.length, err);
    }
    group.forEach((w, i) => {
      const o = outcome[i];
      if (o === "new" || o === "exists") w.resolve(o);
      else w.reject(o.error);
    });
  }
}
