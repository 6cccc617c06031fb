import type { Model, QueryFilter } from "mongoose";
import type { ReadModel } from "../read-model/read-model";
import { storedCount, storedDate, storedEventTime } from "../read-model/stored-field-values";
import type { RepositoryDoc } from "../store/models/repository.model";
import type {
  RepositoryFilter,
  RepositoryListQuery,
  RepositoryPage,
  RepositoryStats,
} from "../read-model/repository-query";

// The list shapes live with the read model that answers them; callers of this service find them here.
export type * from "../read-model/repository-query";

// Star lists can be long and exactly-once markers are internal; neither leaves the data layer.
const PROJECTION = { starredBy: 0, inflight: 0 } as const;

/**
 * Reads repositories: single lookups by `_id` from the database (always fresh); lists, counts and star
 * membership from the in-memory read model (read-model/read-model.ts), which trails writes by a refresh.
 */
export class RepositoryService {
  constructor(
    private readonly model: Model<RepositoryDoc>,
    private readonly cache: ReadModel,
  ) {}

  /** The repository with this exact name, or null: one `_id` lookup. */
  async get(name: string): Promise<RepositoryStats | null> {
    return findRepositoryStats(this.model, this.cache.key(name));
  }

  /**
   * One page ordered by the key then name. Missing values (never pulled) sort as the lowest value:
   * last in descending order, first in ascending order, which is MongoDB's own ordering of null.
   */
  async list(query: RepositoryListQuery): Promise<RepositoryPage> {
    await this.cache.current();
    return this.cache.list.list(query);
  }

  /** How many repositories match the filter, ignoring pagination. */
  async count(filter: RepositoryFilter): Promise<number> {
    await this.cache.current();
    return this.cache.list.count(filter);
  }

  /** The names among `names` that `user` has starred. */
  async starredBy(names: readonly string[], user: string): Promise<Set<string>> {
    await this.cache.current();
    return this.cache.list.starredBy(names, user);
  }
}

/** The one repository `filter` matches, in the API's shape, or null; the star service answers with it too. */
export async function findRepositoryStats(
  model: Model<RepositoryDoc>,
  filter: QueryFilter<RepositoryDoc>,
): Promise<RepositoryStats | null> {
  const doc = await model.findOne(filter, PROJECTION).lean<RepositoryDoc>();
  return doc ? toRepositoryStats(doc) : null;
}

/** Maps a stored repository document to the API's shape; legacy documents may lack any field. */
export function toRepositoryStats(doc: Partial<RepositoryDoc>): RepositoryStats {
  return {
    name: String(doc.repositoryname),
    pushCount: storedCount(doc.numpushs) ?? 0,
    pullCount: storedCount(doc.numpulls) ?? 0,
    starCount: storedCount(doc.numstars) ?? 0,
    firstPushedAt: storedEventTime(doc.firstpushed, "first"),
    lastPushedAt: storedEventTime(doc.lastpushed, "last"),
    firstPulledAt: storedEventTime(doc.firstpulled, "first"),
    lastPulledAt: storedEventTime(doc.lastpulled, "last"),
    createdAt: storedDate(doc.createdAt),
    actors: Array.isArray(doc.actors) ? doc.actors.map(String) : [],
  };
}
