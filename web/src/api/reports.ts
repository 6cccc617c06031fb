// The report pages' data: namespaces with their totals and activity, the registry's daily activity and
// the event feed. Result and variable types are generated from schema/schema.graphql (see ../../codegen.yml).
import { execute } from "./client";
import type * as G from "./generated";
import { REPOSITORIES, type RepositoriesData, type RepositoriesVariables } from "./operations";
import type { DailyActivity, PageInfo } from "./types";

/** Totals of one namespace, as the namespace table and page show them. */
export type NamespaceSummary = G.NamespaceFieldsFragment;

/** One page of a Relay connection, as the paged views keep it. */
export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

export type EventAction = G.EventAction;

/** One event of the activity feed. */
export type FeedEvent = G.EventsQuery["events"]["nodes"][number];

/** The activity feed's filters; an empty string is no filter. */
export interface FeedFilters {
  repository: string;
  namespace: string;
  actor: string;
  action: EventAction | "";
}

const NAMESPACE_FIELDS = /* GraphQL */ `
  fragment NamespaceFields on Namespace {
    name
    repositoryCount
    pullCount
    pushCount
    starCount
    lastPulledAt
    lastPushedAt
  }
`;

const NAMESPACES = /* GraphQL */ `
  query Namespaces($after: String) {
    namespaces(first: 50, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...NamespaceFields
      }
    }
  }
  ${NAMESPACE_FIELDS}
`;

const NAMESPACE = /* GraphQL */ `
  query Namespace($name: String!, $days: Int) {
    namespace(name: $name) {
      ...NamespaceFields
      activity(days: $days) {
        date
        pullCount
        pushCount
      }
    }
  }
  ${NAMESPACE_FIELDS}
`;

const REGISTRY_ACTIVITY = /* GraphQL */ `
  query RegistryActivity($days: Int) {
    registry {
      activity(days: $days) {
        date
        pullCount
        pushCount
      }
    }
  }
`;

const EVENTS = /* GraphQL */ `
  query Events(
    $repository: String
    $namespace: String
    $actor: String
    $action: EventAction
    $after: String
  ) {
    events(
      repository: $repository
      namespace: $namespace
      actor: $actor
      action: $action
      first: 50
      after: $after
    ) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        action
        kind
        repository
        tag
        digest
        actor
        automated
        timestamp
      }
    }
  }
`;

/** A page of namespaces (50), busiest first. */
export const fetchNamespaces = (
  after: string | null,
  token: string | null,
): Promise<Page<NamespaceSummary>> =>
  execute<G.NamespacesQuery, G.NamespacesQueryVariables>(NAMESPACES, { after }, { token }).then(
    (data) => data.namespaces,
  );

/** One namespace with its daily activity; null when no repository is in it. */
export const fetchNamespace = (
  name: string,
  days: number,
  token: string | null,
): Promise<G.NamespaceQuery["namespace"]> =>
  execute<G.NamespaceQuery, G.NamespaceQueryVariables>(NAMESPACE, { name, days }, { token }).then(
    (data) => data.namespace,
  );

/** A page of the namespace's repositories (names under "<name>/"), busiest first. */
export const fetchNamespaceRepositories = (name: string, after: string | null, token: string | null) =>
  execute<RepositoriesData, RepositoriesVariables>(
    REPOSITORIES,
    { first: 50, after, filter: { namePrefix: `${name}/` } },
    { token },
  ).then((data) => data.repositories);

/** The registry's daily pulls and pushes over the last `days` UTC days. */
export const fetchRegistryActivity = (days: number, token: string | null): Promise<DailyActivity[]> =>
  execute<G.RegistryActivityQuery, G.RegistryActivityQueryVariables>(
    REGISTRY_ACTIVITY,
    { days },
    { token },
  ).then((data) => data.registry.activity);

/** A page of the event feed (50), newest first. */
export const fetchEvents = (
  filters: FeedFilters,
  after: string | null,
  token: string | null,
): Promise<Page<FeedEvent>> =>
  execute<G.EventsQuery, G.EventsQueryVariables>(
    EVENTS,
    {
      repository: filters.repository || null,
      namespace: filters.namespace || null,
      actor: filters.actor || null,
      action: filters.action || null,
      after,
    },
    { token },
  ).then((data) => data.events);
