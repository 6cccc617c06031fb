// Many single-document updates of one collection as one `update` command: the driver's unordered
// bulkWrite of updateOne statements sends one command per collection, so the applier pays one round trip
// and one turn of the embedded database's write proxy per command instead of per document. On FerretDB
// a statement costs about half of a command of its own (issue 14: about 1,300 upserts/s in commands of
// 40, 480-620/s one per command).
//
// Two things about the embedded FerretDB 1.24 every caller must allow for, kept here:
// - A command stops at its first failing statement, whatever `ordered` says, and reports the failure at
//   index 0: a failed command tells neither which statement failed nor which ones ran before it. Callers
//   send only statements that may run twice (idempotent, or guarded by a marker) and, when a command is
//   not confirmed, write its statements again one by one to learn each one's fate.
// - Unpatched, a command of 100 or more statements over existing documents held one pooled SQLite
//   connection per statement and hung FerretDB for every client (embedded/ferretdb-patches.ts fixes
//   that). Commands carry at most MAX_UPDATE_STATEMENTS anyway: a FerretDB given by mongodb.uri may be
//   unpatched, and the write proxy makes every other writer wait for the whole command.
import type { Model } from "mongoose";

/** Most statements one `update` command carries: well below FerretDB's pool of 100 connections. */
export const MAX_UPDATE_STATEMENTS = 50;

/** One single-document update of a multi-statement command. */
export interface UpdateStatement {
  filter: Record<string, unknown>;
  update: Record<string, unknown>;
  upsert: boolean;
}

/** How many statements of a command found their document (matched) or created it (upserted). */
export interface StatementCounts {
  matched: number;
  upserted: number;
}

/** Splits `items` into runs of at most MAX_UPDATE_STATEMENTS, in order: one command each. */
export function inCommands<T>(items: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_UPDATE_STATEMENTS)
    runs.push(items.slice(i, i + MAX_UPDATE_STATEMENTS));
  return runs;
}

/**
 * Sends `statements` (at most MAX_UPDATE_STATEMENTS; split longer lists with inCommands) to `model`'s
 * collection as one unordered `update` command. Throws what the driver throws: a refused or conflicting
 * statement fails the whole call, and which statements ran is unknown (see above).
 */
export async function updateStatements(
  // Any model: the statements are built by callers that know the collection's shape.
  model: Model<never>,
  statements: readonly UpdateStatement[],
): Promise<StatementCounts> {
  if (statements.length > MAX_UPDATE_STATEMENTS)
    throw new RangeError(`${statements.length} statements exceed ${MAX_UPDATE_STATEMENTS} per command`);
  if (statements.length === 0) return { matched: 0, upserted: 0 };
  const result = await model.bulkWrite(
    statements.map(({ filter, update, upsert }) => ({
      // setDefaultsOnInsert off: schema defaults would land in $setOnInsert next to a statement's own
      // $inc of the path, as with updateOne (ingest/apply/run-write.ts).
      updateOne: { filter, update, upsert, setDefaultsOnInsert: false },
    })) as never,
    { ordered: false },
  );
  return { matched: result.matchedCount, upserted: result.upsertedCount };
}
