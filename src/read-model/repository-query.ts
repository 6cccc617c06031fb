// The shapes of repository list queries and their answers. They belong to the read model that answers
// them; the services the API calls re-export them, so neither imports the other's module in a circle.

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
  /** Only the repositories of this ingest source (read-model/repository-source.ts). */
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

/** Totals over every repository. */
export interface RegistrySummary {
  repositoryCount: number;
  pushCount: number;
  pullCount: number;
  starCount: number;
}
