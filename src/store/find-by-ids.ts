import type { Model, QueryFilter } from "mongoose";

/**
 * Most ids sent in one `$in`. The embedded database answers `{_id: {$in: [...]}}` from the `_id` index
 * for up to 10,000 ids (src/store/embedded/ferretdb-patches.ts); longer lists are split.
 */
export const IDS_PER_QUERY = 5000;

/** Documents whose `_id` is one of `ids`, as plain objects; one `_id`-only query per IDS_PER_QUERY ids. */
export async function findByIds<D, T = D>(
  model: Model<D>,
  ids: readonly unknown[],
  projection: Record<string, 0 | 1>,
): Promise<T[]> {
  if (ids.length === 0) return [];
  const queries: Promise<T[]>[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const filter = { _id: { $in: ids.slice(i, i + IDS_PER_QUERY) } } as QueryFilter<D>;
    queries.push(model.find(filter, projection).lean<T[]>().exec());
  }
  return (await Promise.all(queries)).flat();
}
