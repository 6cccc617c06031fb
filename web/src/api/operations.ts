// The dashboard's GraphQL documents and the shapes of their variables and results.
import type {
  OrderDirection,
  OrderField,
  RegistryAddress,
  RegistrySummary,
  RepositoryConnection,
  RepositoryDetail,
  RepositoryFilter,
  RepositorySummary,
  Tag,
  PageInfo,
  Viewer,
} from "./types";

const SUMMARY_FIELDS = `
  name
  pullCount
  pushCount
  starCount
  lastPulledAt
  lastPushedAt
  viewerHasStarred`;

const TAG_FIELDS = `
  name
  digest
  pushCount
  pullCount
  automatedPullCount
  lastPushedAt
  lastPulledAt
  checkCount
  lastCheckedAt`;

const DETAIL_FIELDS = `${SUMMARY_FIELDS}
  firstPushedAt
  firstPulledAt
  automatedPullCount
  checkCount
  lastCheckedAt
  actorStats { name pushCount pullCount lastSeenAt }
  tags(first: $tags) { totalCount pageInfo { hasNextPage endCursor } nodes { ${TAG_FIELDS} } }
  activity(days: $days) { date pushCount pullCount }
  images(first: 20) {
    totalCount
    nodes { digest mediaType platform tags pushedAt pushedBy pullCount automatedPullCount lastPulledAt checkCount lastCheckedAt deleted }
  }`;

export const VIEWER = `query Viewer { viewer { name } }`;
export type ViewerData = { viewer: Viewer | null };

export const REGISTRY = `query Registry($source: String) {
  registry(source: $source) { repositoryCount pullCount pushCount starCount sources }
}`;
export type RegistryData = { registry: RegistrySummary };
export type RegistryVariables = { source: string | null };

export const REPOSITORIES = `
query Repositories(
  $first: Int
  $after: String
  $orderBy: RepositoryOrder
  $filter: RepositoryFilter
  $source: String
) {
  repositories(first: $first, after: $after, orderBy: $orderBy, filter: $filter, source: $source) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { ${SUMMARY_FIELDS} }
  }
}`;
export interface RepositoriesVariables {
  first: number;
  after: string | null;
  orderBy: { field: OrderField; direction: OrderDirection };
  filter: RepositoryFilter;
  /** One registry's repositories; null: every registry's. */
  source: string | null;
}
export type RepositoriesData = { repositories: RepositoryConnection };

export const REPOSITORY = `
query Repository($name: String!, $days: Int!, $tags: Int!) {
  repository(name: $name) { ${DETAIL_FIELDS} }
  registry { address }
}`;
export interface RepositoryVariables {
  name: string;
  days: number;
  tags: number;
}
export type RepositoryData = { repository: RepositoryDetail | null; registry: RegistryAddress };

export const MORE_TAGS = `
query MoreTags($name: String!, $first: Int!, $after: String) {
  repository(name: $name) {
    tags(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${TAG_FIELDS} } }
  }
}`;
export type MoreTagsData = { repository: { tags: { pageInfo: PageInfo; nodes: Tag[] } } | null };

export const STAR = `mutation Star($name: String!) { starRepository(name: $name) { ${SUMMARY_FIELDS} } }`;
export type StarData = { starRepository: RepositorySummary };
export const UNSTAR = `mutation Unstar($name: String!) { unstarRepository(name: $name) { ${SUMMARY_FIELDS} } }`;
export type UnstarData = { unstarRepository: RepositorySummary };

/** Every repository's counts as they change, for the list and the summary. */
export const ANY_UPDATED = `subscription AnyUpdated { repositoryUpdated { ${SUMMARY_FIELDS} } }`;
export type AnyUpdatedData = { repositoryUpdated: RepositorySummary };

/** One repository, with everything its page shows, as it changes. */
export const REPOSITORY_UPDATED = `
subscription RepositoryUpdated($name: String!, $days: Int!, $tags: Int!) {
  repositoryUpdated(name: $name) { ${DETAIL_FIELDS} }
}`;
export type RepositoryUpdatedData = { repositoryUpdated: RepositoryDetail };
