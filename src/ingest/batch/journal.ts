// Group commit of the ledger: the entries of every request that arrives while an insert is running go
// into the next insert, one `insertMany` (one transaction on the embedded database) for all of them.
// An entry is durable once the driver confirms its insert; a duplicate event id fails alone with E11000.
import type { EventDoc } from "../../stats/event.model";
import {
  classifyDbError,
  hasWriteConcernError,
  insertedCountOf,
  UnconfirmedWriteError,
  writeErrorsOf,
} from "../db-errors";
import { step, type IngestDeps } from "../ingest-deps";

/** "new": this insert stored the event; "exists": the ledger already had its id (a redelivery). */
export type AppendResult = "new" | "exists";

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
    let outcome: Outcome[];
    try {
      const result = await step(this.deps, "ledger.insert", () =>
        this.deps.models.events.collection.insertMany(
          // The native driver: the entries are complete, and Mongoose's casting would cost per event.
          group.map((w) => w.entry as unknown as Record<string, unknown>),
          { ordered: false },
        ),
      );
      outcome = confirmedOutcomes(group.length, result);
    } catch (err) {
      outcome = failedOutcomes(group.length, err);
    }
    group.forEach((w, i) => {
      const o = outcome[i];
      if (o === "new" || o === "exists") w.resolve(o);
      else w.reject(o.error);
    });
  }
}

type Outcome = AppendResult | { error: unknown };

// A successful insertMany must say it inserted every entry; an unacknowledged write confirms nothing.
function confirmedOutcomes(
  size: number,
  result: { acknowledged?: boolean; insertedCount?: number },
): Outcome[] {
  if (result.acknowledged !== false && result.insertedCount === size) return Array<Outcome>(size).fill("new");
  const error = new UnconfirmedWriteError(
    `the ledger insert confirmed ${String(result.insertedCount)} of ${size} entries`,
  );
  return Array<Outcome>(size).fill({ error });
}

// After a failed insertMany an entry counts as stored only when the driver's answer accounts for every
// entry of the group: the documents it reports inserted plus the per-document errors. A failure of the
// whole command (a dropped connection, a timeout) also arrives as a bulk write error, with no
// per-document errors and fewer documents inserted than sent: then no entry is confirmed, not even one
// that got E11000, since which ones were inserted is unknown. A write concern error confirms nothing.
function failedOutcomes(size: number, err: unknown): Outcome[] {
  const perDocument = writeErrorsOf(err);
  const accounted = insertedCountOf(err) + perDocument.length === size;
  if (!accounted || hasWriteConcernError(err)) {
    // Not from the database (an injected fault in tests): passed on as it is.
    const error =
      classifyDbError(err) === "not-database"
        ? err
        : new UnconfirmedWriteError(
            `the ledger insert failed, ${insertedCountOf(err)} of ${size} entries confirmed: ${String((err as Error).message)}`,
            { cause: err },
          );
    return Array<Outcome>(size).fill({ error });
  }
  const outcome = Array<Outcome>(size).fill("new");
  for (const e of perDocument) outcome[e.index] = e.code === 11000 ? "exists" : { error: err };
  return outcome;
}
