// What an unordered insertMany of ledger entries confirmed, entry by entry. Only a confirmed insert
// ("new") or a confirmed duplicate ("exists") may be answered 2xx; anything the driver's answer does not
// account for is an error, so the registry gets 503 and retries with the same event ids.
import {
  classifyDbError,
  hasWriteConcernError,
  insertedCountOf,
  UnconfirmedWriteError,
  writeErrorsOf,
} from "../../store/database-errors";

/** One entry's fate: stored by this insert, stored before (E11000), or not confirmed. */
export type InsertOutcome = "new" | "exists" | { error: unknown };

/** A successful insertMany must say it inserted every entry; an unacknowledged write confirms nothing. */
export function insertedOutcomes(
  size: number,
  result: { acknowledged?: boolean; insertedCount?: number },
): InsertOutcome[] {
  if (result.acknowledged !== false && result.insertedCount === size)
    return Array<InsertOutcome>(size).fill("new");
  const error = new UnconfirmedWriteError(
    `the ledger insert confirmed ${String(result.insertedCount)} of ${size} entries`,
  );
  return Array<InsertOutcome>(size).fill({ error });
}

/**
 * After a failed insertMany an entry counts as stored only when the driver's answer accounts for every
 * entry of the group: the documents it reports inserted plus the per-document errors. A failure of the
 * whole command (a dropped connection, a timeout) also arrives as a bulk write error, with no
 * per-document errors and fewer documents inserted than sent: then no entry is confirmed, not even one
 * that got E11000, since which ones were inserted is unknown. A write concern error confirms nothing.
 */
export function failedInsertOutcomes(size: number, err: unknown): InsertOutcome[] {
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
    return Array<InsertOutcome>(size).fill({ error });
  }
  const outcome = Array<InsertOutcome>(size).fill("new");
  for (const e of perDocument) outcome[e.index] = e.code === 11000 ? "exists" : { error: err };
  return outcome;
}
