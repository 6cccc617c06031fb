// Deterministic document ids. FerretDB 1.24 on SQLite answers only `_id` conditions from an index
// (the embedded build patches it to do so; see src/store/embedded/ferretdb-patches.ts), so every
// statistics document drec writes is addressed by an `_id` computed from its natural key.

/**
 * The `_id` of a repository's child document (a tag, digest, actor or daily bucket): the JSON text of
 * `[repository, key]`, unambiguous whatever characters either part holds, and sorted by repository.
 */
export const childId = (repository: string, key: string): string => JSON.stringify([repository, key]);

/** The `_id` of a tag document. */
export const tagId = childId;
/** The `_id` of a digest (manifest) document. */
export const digestId = childId;
/** The `_id` of an actor document. */
export const actorId = childId;
/** The `_id` of a client's newest tag resolution in a repository. */
export const clientId = childId;
/** The `_id` of a daily bucket; `day` is YYYY-MM-DD (UTC). */
export const dailyId = childId;
