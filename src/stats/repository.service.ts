import type { Model, QueryFilter } from "mongoose";
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

const SORT_FIELDS = {
  name: "repositoryname",
  pulls: "numpulls",
  pushes: "numpushs",
  stars: "numstars",
  lastPulled: "lastpulled",
  lastPushed: "lastpushed",
} as const satisfies Record<RepositorySortKey, keyof RepositoryDoc>;

// Star lists can be long and exactly-once markers are internal; neither leaves the data layer.
const PROJECTION = { starredBy: 0, inflight: 0 } as const;

type Filter = QueryFilter<RepositoryDoc>;

/** Reads repository documents: single lookups, keyset-paginated lists, counts and star membership. */
export class RepositoryService {
  constructor(private readonly model: Model<RepositoryDoc>) {}

  /** The repository with this exact name, or null. */
  async get(name: string): Promise<RepositoryStats | null> {
    const doc = await this.model.findOne({ repositoryname: name }, PROJECTION).lean<RepositoryDoc>();
    return doc ? toRepositoryStats(doc) : null;
  }

  /**
   * One page ordered by the key then name. Missing values (never pulled) sort as the lowest value:
   * last in descending order, first in ascending order, which is MongoDB's own ordering of null.
   */
  async list(query: RepositoryListQuery): Promise<RepositoryPage> {
    const field = SORT_FIELDS[query.sort];
    const conditions = [matchFilter(query.filter)];
    if (query.after) conditions.push(afterPosition(field, query.direction, query.after));
    const order = query.direction === "asc" ? 1 : -1;
    const sort: Record<string, 1 | -1> =
      field === "repositoryname" ? { repositoryname: order } : { [field]: order, repositoryname: 1 };
    const docs = await this.model
      .find({ $and: conditions }, PROJECTION)
      .sort(sort)
      .limit(query.first + 1)
      .lean<RepositoryDoc[]>();
    const items = docs.slice(0, query.first).map((doc) => ({
      repository: toRepositoryStats(doc),
      position: { value: positionValue(doc[field]), name: doc.repositoryname },
    }));
    return { items, hasNextPage: docs.length > query.first };
  }

  /** How many repositories match the filter, ignoring pagination. */
  count(filter: RepositoryFilter): Promise<number> {
    // exec(): a Mongoose query is a thenable that runs again each time it is awaited, and Apollo awaits twice.
    return this.model.countDocuments(matchFilter(filter)).exec();
  }

  /** The names among `names` that `user` has starred, in one query. */
  async starredBy(names: readonly string[], user: string): Promise<Set<string>> {
    const docs = await this.model
      .find({ repositoryname: { $in: [...names] }, starredBy: user }, { repositoryname: 1, _id: 0 })
      .lean<Pick<RepositoryDoc, "repositoryname">[]>();
    return new Set(docs.map((doc) => doc.repositoryname));
  }
}

/** Maps a stored repository document to the API's shape; legacy documents may lack any field. */
export function toRepositoryStats(doc: Partial<RepositoryDoc>): RepositoryStats {
  return {
    name: String(doc.repositoryname),
    pushCount: count(doc.numpushs),
    pullCount: count(doc.numpulls),
    starCount: count(doc.numstars),
    firstPushedAt: date(doc.firstpushed),
    lastPushedAt: date(doc.lastpushed),
    firstPulledAt: date(doc.firstpulled),
    lastPulledAt: date(doc.lastpulled),
    createdAt: date(doc.createdAt),
    actors: Array.isArray(doc.actors) ? doc.actors.map(String) : [],
  };
}

/** Escapes user text for a literal match inside $regex (RE2 in FerretDB, PCRE in MongoDB). */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function matchFilter(filter: RepositoryFilter): Filter {
  const and: Filter[] = [];
  if (filter.namePrefix) and.push({ repositoryname: { $regex: `^${escapeRegex(filter.namePrefix)}` } });
  if (filter.search) and.push({ repositoryname: { $regex: escapeRegex(filter.search), $options: "i" } });
  if (filter.starredBy !== undefined) and.push({ starredBy: filter.starredBy });
  if (filter.notStarredBy !== undefined) and.push({ starredBy: { $ne: filter.notStarredBy } });
  return and.length ? { $and: and } : {};
}

// Keyset condition "strictly after this position"; `{field: null}` matches both null and missing.
function afterPosition(field: string, direction: SortDirection, after: RepositoryPosition): Filter {
  if (field === "repositoryname")
    return { repositoryname: { [direction === "asc" ? "$gt" : "$lt"]: after.name } };
  const tie: Filter = { [field]: after.value, repositoryname: { $gt: after.name } };
  if (direction === "desc")
    return after.value === null ? tie : { $or: [{ [field]: { $lt: after.value } }, tie, { [field]: null }] };
  return after.value === null
    ? { $or: [tie, { [field]: { $ne: null } }] }
    : { $or: [{ [field]: { $gt: after.value } }, tie] };
}

function positionValue(value: unknown): RepositoryPosition["value"] {
  if (value instanceof Date || typeof value === "number" || typeof value === "string") return value;
  return null;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "string") {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}
