import type { Model } from "mongoose";
import type { RepositoryCache } from "./repository-cache";
import { storedCount, storedDate, storedEventTime } from "./stored-values";
import type { RepositoryDoc } from "./repository.model";

/** One repository's statistics as the API serves them; never a Mongoose document. */
export interface RepositoryStats {
  name: string;
  pushCount: number;
  pullCount: number;
  starCount: number;
  firstPushedAt: Date | null;
  lastPushedAt: Date | null;
  firstPulledAt: Date | null;
  lastPulledAt: Date | null;
  createdAt: Date | null;
  actors: string[];
}

/** What a repository list can be ordered by. */
export type RepositorySortKey = "name" | "pulls" | "pushes" | "stars" | "lastPulled" | "lastPushed";

/** Sort direction; the name tie-break is always ascending. */
export type SortDirection = "asc" | "desc";

/** A list's position: the sort key value (null when missing) and the name that breaks ties. */
export interface RepositoryPosition {
  value: number | string | Date | null;
  name: string;
}

/** Which repositories a list holds. */
export interface RepositoryFilter {
  namePrefix?: string;
  /** Case-insensitive substring of the name. */
  search?: string;
  starredBy?: string;
  notStarredBy?: string;
  /** Only the repositories of this ingest source (stats/repository-source.ts). */
  source?: string;
}

/** One page of a keyset-paginated list. */
export interface RepositoryPage {
  items: { repository: RepositoryStats; position: RepositoryPosition }[];
  hasNextPage: boolean;
}

/** Arguments of a list query. */
export interface RepositoryListQuery {
  first: number;
  after?: RepositoryPosition;
  sort: RepositorySortKey;
  direction: SortDirection;
  filter: RepositoryFilter;
}

// Star lists can be long and exactly-once markers are internal; neither leaves the data layer.
const PROJECTION = { starredBy: 0, inflight: 0 } as const;

/**
 * Reads repositories: single lookups by `_id` from the database (always fresh); lists, counts and star
 * membership from the in-memory read model (repository-cache.ts), which trails writes by a refresh.
 */
export class RepositoryService {
  constructor(
    private readonly model: Model<RepositoryDoc>,
    private readonly cache: RepositoryCache,
  ) {}

  /** The repository with this exact name, or null: one `_id` lookup. */
  async get(name: string): Promise<RepositoryStats | null> {
    const doc = await this.model.findOne(this.cache.key(name), PROJECTION).lean<RepositoryDoc>();
    return doc ? toRepositoryStats(doc) : null;
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
