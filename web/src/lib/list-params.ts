// The list's order and filter, kept in the query string so back, reload and shared links keep them.
import type { OrderDirection, OrderField, RepositoryFilter, RepositoryOrder } from "../api/types";

export type MatchMode = "contains" | "prefix";

export interface ListParams {
  field: OrderField;
  direction: OrderDirection;
  query: string;
  match: MatchMode;
  starredOnly: boolean;
  /** One registry (ingest source); "" for all. */
  source: string;
}

export const SORT_FIELDS: { field: OrderField; label: string }[] = [
  { field: "PULLS", label: "Pulls" },
  { field: "PUSHES", label: "Pushes" },
  { field: "STARS", label: "Stars" },
  { field: "LAST_PULLED", label: "Last pulled" },
  { field: "LAST_PUSHED", label: "Last pushed" },
  { field: "NAME", label: "Name" },
];

const DEFAULTS: ListParams = {
  field: "PULLS",
  direction: "DESC",
  query: "",
  match: "contains",
  starredOnly: false,
  source: "",
};

/** The natural direction when a field is picked: names A to Z, everything else most first. */
export const defaultDirection = (field: OrderField): OrderDirection => (field === "NAME" ? "ASC" : "DESC");

export function readListParams(search: URLSearchParams): ListParams {
  const sort = search.get("sort")?.toUpperCase();
  const field = SORT_FIELDS.find((f) => f.field === sort)?.field ?? DEFAULTS.field;
  const dir = search.get("dir")?.toUpperCase();
  return {
    field,
    direction: dir === "ASC" || dir === "DESC" ? dir : defaultDirection(field),
    query: search.get("q") ?? "",
    match: search.get("match") === "prefix" ? "prefix" : "contains",
    starredOnly: search.get("starred") === "1",
    source: search.get("source") ?? "",
  };
}

/** The query string for params, leaving defaults out. */
export function writeListParams(params: ListParams): string {
  const search = new URLSearchParams();
  if (params.query) search.set("q", params.query);
  if (params.match !== DEFAULTS.match) search.set("match", params.match);
  if (params.field !== DEFAULTS.field || params.direction !== defaultDirection(params.field))
    search.set("sort", params.field.toLowerCase());
  if (params.direction !== defaultDirection(params.field)) search.set("dir", params.direction.toLowerCase());
  if (params.starredOnly) search.set("starred", "1");
  if (params.source) search.set("source", params.source);
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const orderOf = (params: ListParams): RepositoryOrder => ({
  field: params.field,
  direction: params.direction,
});

export function filterOf(params: ListParams, signedIn: boolean): RepositoryFilter {
  const filter: RepositoryFilter = {};
  const query = params.query.trim();
  if (query && params.match === "prefix") filter.namePrefix = query;
  else if (query) filter.search = query;
  if (params.starredOnly && signedIn) filter.starredByViewer = true;
  return filter;
}
