// What drec does because its default database is the embedded FerretDB 1.24 on SQLite, in one place.
// Code outside store/ follows these rules and names this file rather than the backend; every rule is
// also right (if unneeded) on MongoDB, so one drec runs on either.
//
// - Only `_id` conditions are answered from an index (after drec's patch, embedded/ferretdb-patches.ts):
//   every document drec writes has an `_id` computed from its natural key (document-keys.ts,
//   repository-ids.ts, document-filter.ts), `$in` lists of ids are split (find-by-ids.ts), other filters
//   are scans, and API lists are served from memory (src/read-model/).
// - Concurrent updates of one document can lose writes: the embedded database's proxy serializes write
//   commands (embedded/wrapper/writeproxy.go) and each process serializes per repository
//   (repository-lock.ts).
// - No multi-document transactions (the embedded database has none; a standalone MongoDB neither):
//   every write is one atomic document update, made idempotent by in-flight markers
//   (src/ingest/apply/), and a rename copies then removes (src/ingest/apply/rename-repository.ts).
// - No TTL indexes: retention runs as a job (src/ingest/ledger/prune-events.ts).
// - A `$pull` with a condition is ignored: pullAll().
// - Empty arrays given to `$setOnInsert` are dropped: emptyArrays().
// - Keys starting with `$` or holding `.` or NUL are refused in stored documents: storable-value.ts.
// - A multi-statement `update` command stops at its first failing statement and does not say which;
//   commands carry at most 50 statements (an unpatched FerretDB hung on 100+): bulk-update.ts.

type Doc = Record<string, unknown>;

/**
 * `$addToSet` operands that create the given array fields empty on insert (and leave them alone
 * after), instead of `$setOnInsert: {field: []}`, which FerretDB 1.24 drops.
 */
export const emptyArrays = (...paths: string[]): Doc =>
  Object.fromEntries(paths.map((p) => [p, { $each: [] }]));

/** The update removing `values` from the array at `path`: `$pullAll`, since `$pull: {$in}` is ignored. */
export const pullAll = (path: string, values: readonly unknown[]): Doc => ({ $pullAll: { [path]: values } });
