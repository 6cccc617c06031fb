// Orders and pages namespaces in memory: there are at most as many as repositories, and they are
// computed whole per request anyway (namespace.service.ts). Keyset positions, as for the other lists.
import type { NamespaceStats } from "./namespace.service";

/** What a namespace list can be ordered by. */
export type NamespaceSortKey = "name" | "repositories" | "pulls" | "pushes" | "stars";

/** Where a page continues after: the sort value and the name. */
export interface NamespacePosition {
  value: number | string;
  name: string;
}

const valueOf = (ns: NamespaceStats, sort: NamespaceSortKey): number | string =>
  sort === "name"
    ? ns.name
    : sort === "repositories"
      ? ns.repositoryCount
      : sort === "pulls"
        ? ns.pullCount
        : sort === "pushes"
          ? ns.pushCount
          : ns.starCount;

function compare(a: NamespacePosition, b: NamespacePosition, direction: "asc" | "desc"): number {
  if (a.value !== b.value) {
    const order = a.value < b.value ? -1 : 1;
    return direction === "asc" ? order : -order;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The page of `all` after `after`, `first` long, and whether more follow. */
export function namespacePage(
  all: readonly NamespaceStats[],
  query: { first: number; after?: NamespacePosition; sort: NamespaceSortKey; direction: "asc" | "desc" },
): { items: { namespace: NamespaceStats; position: NamespacePosition }[]; hasNextPage: boolean } {
  const items = all
    .map((namespace) => ({
      namespace,
      position: { value: valueOf(namespace, query.sort), name: namespace.name },
    }))
    .sort((a, b) => compare(a.position, b.position, query.direction));
  const after = query.after;
  const rest = after ? items.filter((item) => compare(item.position, after, query.direction) > 0) : items;
  return { items: rest.slice(0, query.first), hasNextPage: rest.length > query.first };
}
