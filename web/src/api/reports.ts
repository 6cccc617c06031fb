// The report pages' data: namespaces with their totals and activity, the registry's daily activity and
// the event feed. Shapes follow schema/schema.graphql.
import { execute } from "./client";
import { REPOSITORIES, type RepositoriesData } from "./operations";
import type { DailyActivity, PageInfo } from "./types";

/** Totals of one namespace, as the namespace table and page show them. */
export interface NamespaceSummary {
  name: string;
  repositoryCount: number;
  pullCount: number;
  pushCount: number;
  starCount: number;
  lastPulledAt: string | null;
  lastPushedAt: string | null;
}

/** One page of a Relay connection, as the paged views keep it. */
export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

export type EventAction = "PULL" | "PUSH" | "CHECK" | "DELETE";

/** One event of the activity feed. */
export interface FeedEvent {
  id: string;
  action: EventAction;
  kind: string;
  repository: string;
  tag: string | null;
  digest: string | null;
  actor: string | null;
  automated: boolean;
  timestamp: string;
}

/** The activity feed's filters; an empty string is no filter. */
export interface FeedFilters {
  repository: string;
  namespace: string;
  actor: string;
  action: EventAction | "";
}

const NAMESPACE_FIELDS = "name repositoryCount pullCount pushCount starCount lastPulledAt lastPushedAt";

const NAMESPACES = `query Namespaces($after: String) {
  namespaces(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${NAMESPACE_FIELDS} } }
}`;

const NAMESPACE = `query Namespace($name: String!, $days: Int) {
  namespace(name: $name) { ${NAMESPACE_FIELDS} activity(days: $days) { date pullCount pushCount } }
}`;

const REGISTRY_ACTIVITY = `query RegistryActivity($days: Int) {
  registry { activity(days: $days) { date pullCount pushCount } }
}`;

const EVENTS = `query Events($repository: String, $namespace: String, $actor: String, $action: EventAction, $after: String) {
  events(repository: $repository, namespace: $namespace, actor: $actor, action: $action, first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id action kind repository tag digest actor automated timestamp }
  }
}`;

/** A page of namespaces (50), busiest first. */
export const fetchNamespaces = (
  after: string | null,
  token: string | null,
): Promise<Page<NamespaceSummary>> =>
  execute<{ namespaces: Page<NamespaceSummary> }, Record<string, unknown>>(
    NAMESPACES,
    { after },
    { token },
  ).then((data) => data.namespaces);

/** One namespace with its daily activity; null when no repository is in it. */
export const fetchNamespace = (
  name: string,
  days: number,
  token: string | null,
): Promise<(NamespaceSummary & { activity: DailyActivity[] }) | null> =>
  execute<{ namespace: (NamespaceSummary & { activity: DailyActivity[] }) | null }, Record<string, unknown>>(
    NAMESPACE,
    { name, days },
    { token },
  ).then((data) => data.namespace);

/** A page of the namespace's repositories (names under "<name>/"), busiest first. */
export const fetchNamespaceRepositories = (name: string, after: string | null, token: string | null) =>
  execute<RepositoriesData, Record<string, unknown>>(
    REPOSITORIES,
    { first: 50, after, filter: { namePrefix: `${name}/` } },
    { token },
  ).then((data) => data.repositories);

/** The registry's daily pulls and pushes over the last `days` UTC days. */
export const fetchRegistryActivity = (days: number, token: string | null): Promise<DailyActivity[]> =>
  execute<{ registry: { activity: DailyActivity[] } }, Record<string, unknown>>(
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
  execute<{ events: Page<FeedEvent> }, Record<string, unknown>>(
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
