import { pageInfo, type PageInfo } from "./page-info.type";

/** The edges, nodes and pageInfo every Relay connection of the API answers with. */
export function connection<T>(
  edges: { cursor: string; node: T }[],
  hasNextPage: boolean,
  after: string | null | undefined,
): { edges: { cursor: string; node: T }[]; nodes: T[]; pageInfo: PageInfo } {
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: pageInfo(
      edges.map((edge) => edge.cursor),
      hasNextPage,
      after ?? null,
    ),
  };
}
