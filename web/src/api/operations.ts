// The dashboard's GraphQL documents. Their result and variable types are generated from the schema
// (`npm run codegen`, into ./generated.ts): each `/* GraphQL */` string is read by graphql-codegen, which
// resolves the fragment spreads by name; the `${…}` appended at runtime sends the fragments along.
import type * as G from "./generated";

const SUMMARY = /* GraphQL */ `
  fragment RepositorySummaryFields on Repository {
    name
    pullCount
    pushCount
    starCount
    lastPulledAt
    lastPushedAt
    viewerHasStarred
  }
`;

const TAG = /* GraphQL */ `
  fragment TagFields on Tag {
    name
    digest
    pushCount
    pullCount
    automatedPullCount
    lastPushedAt
    lastPulledAt
    checkCount
    lastCheckedAt
  }
`;

const DETAIL = /* GraphQL */ `
  fragment RepositoryDetailFields on Repository {
    ...RepositorySummaryFields
    firstPushedAt
    firstPulledAt
    automatedPullCount
    checkCount
    lastCheckedAt
    actorStats {
      name
      pushCount
      pullCount
      lastSeenAt
    }
    tags(first: $tags) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...TagFields
      }
    }
    activity(days: $days) {
      date
      pushCount
      pullCount
    }
    images(first: 20) {
      totalCount
      nodes {
        digest
        mediaType
        platform
        tags
        pushedAt
        pushedBy
        pullCount
        automatedPullCount
        lastPulledAt
        checkCount
        lastCheckedAt
        deleted
      }
    }
  }
  ${SUMMARY}
  ${TAG}
`;

export const VIEWER = /* GraphQL */ `
  query Viewer {
    viewer {
      name
    }
  }
`;
export type ViewerData = G.ViewerQuery;

export const REGISTRY = /* GraphQL */ `
  query Registry($source: String) {
    registry(source: $source) {
      repositoryCount
      pullCount
      pushCount
      starCount
      sources
    }
  }
`;
export type RegistryData = G.RegistryQuery;
export type RegistryVariables = G.RegistryQueryVariables;

export const REPOSITORIES = /* GraphQL */ `
  query Repositories(
    $first: Int
    $after: String
    $orderBy: RepositoryOrder
    $filter: RepositoryFilter
    $source: String
  ) {
    repositories(first: $first, after: $after, orderBy: $orderBy, filter: $filter, source: $source) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...RepositorySummaryFields
      }
    }
  }
  ${SUMMARY}
`;
export type RepositoriesData = G.RepositoriesQuery;
export type RepositoriesVariables = G.RepositoriesQueryVariables;

export const REPOSITORY = /* GraphQL */ `
  query Repository($name: String!, $days: Int!, $tags: Int!) {
    repository(name: $name) {
      ...RepositoryDetailFields
    }
    registry {
      address
    }
  }
  ${DETAIL}
`;
export type RepositoryData = G.RepositoryQuery;
export type RepositoryVariables = G.RepositoryQueryVariables;

export const MORE_TAGS = /* GraphQL */ `
  query MoreTags($name: String!, $first: Int!, $after: String) {
    repository(name: $name) {
      tags(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...TagFields
        }
      }
    }
  }
  ${TAG}
`;
export type MoreTagsData = G.MoreTagsQuery;
export type MoreTagsVariables = G.MoreTagsQueryVariables;

export const STAR = /* GraphQL */ `
  mutation Star($name: String!) {
    starRepository(name: $name) {
      ...RepositorySummaryFields
    }
  }
  ${SUMMARY}
`;
export type StarData = G.StarMutation;

export const UNSTAR = /* GraphQL */ `
  mutation Unstar($name: String!) {
    unstarRepository(name: $name) {
      ...RepositorySummaryFields
    }
  }
  ${SUMMARY}
`;
export type UnstarData = G.UnstarMutation;

/** Every repository's counts as they change, for the list and the summary. */
export const ANY_UPDATED = /* GraphQL */ `
  subscription AnyUpdated {
    repositoryUpdated {
      ...RepositorySummaryFields
    }
  }
  ${SUMMARY}
`;
export type AnyUpdatedData = G.AnyUpdatedSubscription;

/** One repository, with everything its page shows, as it changes. */
export const REPOSITORY_UPDATED = /* GraphQL */ `
  subscription RepositoryUpdated($name: String!, $days: Int!, $tags: Int!) {
    repositoryUpdated(name: $name) {
      ...RepositoryDetailFields
    }
  }
  ${DETAIL}
`;
export type RepositoryUpdatedData = G.RepositoryUpdatedSubscription;
