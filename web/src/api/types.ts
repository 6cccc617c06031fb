// Result shapes of the dashboard's operations, named after the GraphQL schema (schema/schema.graphql).
// Counts are SafeInt (exact to 2^53) and arrive as JSON numbers; times are ISO-8601 strings or null.

export type OrderField = "NAME" | "PULLS" | "PUSHES" | "STARS" | "LAST_PULLED" | "LAST_PUSHED";
export type OrderDirection = "ASC" | "DESC";

export interface RepositoryOrder {
  field: OrderField;
  direction: OrderDirection;
}

export interface RepositoryFilter {
  namePrefix?: string;
  search?: string;
  starredByViewer?: boolean;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** What a list row shows. */
export interface RepositorySummary {
  name: string;
  pullCount: number;
  pushCount: number;
  starCount: number;
  lastPulledAt: string | null;
  lastPushedAt: string | null;
  viewerHasStarred: boolean;
}

export interface Tag {
  name: string;
  digest: string | null;
  pushCount: number;
  pullCount: number;
  /** The part of pullCount by automated clients (scanners, robots); they do not move lastPulledAt. */
  automatedPullCount: number;
  lastPushedAt: string | null;
  lastPulledAt: string | null;
  checkCount: number;
  lastCheckedAt: string | null;
}

/** A manifest of a repository, by digest. */
export interface Image {
  digest: string;
  mediaType: string | null;
  platform: string | null;
  tags: string[];
  pushedAt: string | null;
  pushedBy: string | null;
  pullCount: number;
  /** The part of pullCount by automated clients. */
  automatedPullCount: number;
  lastPulledAt: string | null;
  checkCount: number;
  lastCheckedAt: string | null;
  deleted: boolean;
}

export interface ActorStat {
  name: string;
  pushCount: number;
  pullCount: number;
  lastSeenAt: string | null;
}

export interface DailyActivity {
  /** A UTC day, YYYY-MM-DD. */
  date: string;
  pushCount: number;
  pullCount: number;
}

/** What the repository page shows. */
export interface RepositoryDetail extends RepositorySummary {
  firstPushedAt: string | null;
  firstPulledAt: string | null;
  /** The part of pullCount by automated clients. */
  automatedPullCount: number;
  checkCount: number;
  lastCheckedAt: string | null;
  actorStats: ActorStat[];
  images: { totalCount: number; nodes: Image[] };
  tags: { totalCount: number; pageInfo: PageInfo; nodes: Tag[] };
  activity: DailyActivity[];
}

export interface RegistrySummary {
  repositoryCount: number;
  pullCount: number;
  pushCount: number;
  starCount: number;
  /** The ingest sources (registries); the switcher shows only when there are several. */
  sources: string[];
}

/** Query.registry.address: host[:port] for docker pull, null when drec was not told it. */
export interface RegistryAddress {
  address: string | null;
}

export interface Viewer {
  name: string;
}

export interface RepositoryConnection {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: RepositorySummary[];
}
