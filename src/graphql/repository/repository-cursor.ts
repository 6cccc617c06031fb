import type { RepositoryPosition, RepositorySortKey, SortDirection } from "../../stats/repository.service";
import { decodeCursor, encodeCursor } from "../common/pagination";
import { badUserInput } from "../errors";

/** An ordering as the service takes it. */
export interface Ordering {
  sort: RepositorySortKey;
  direction: SortDirection;
}

const DATE_KEYS: ReadonlySet<RepositorySortKey> = new Set(["lastPulled", "lastPushed"]);

/** A cursor holding the sort key value and name of a repository, so it stays valid as data changes. */
export function encodeRepositoryCursor(ordering: Ordering, position: RepositoryPosition): string {
  const value = position.value instanceof Date ? position.value.toISOString() : position.value;
  return encodeCursor({ s: ordering.sort, d: ordering.direction, v: value, n: position.name });
}

/** The position in a cursor; BAD_USER_INPUT when it is malformed or from another ordering. */
export function decodeRepositoryCursor(cursor: string, ordering: Ordering): RepositoryPosition {
  const { s, d, v, n } = decodeCursor(cursor);
  if (s !== ordering.sort || d !== ordering.direction)
    throw badUserInput('"after" belongs to another orderBy; start again without it');
  if (typeof n !== "string") throw badUserInput('"after" is not a repository cursor');
  if (v === null) return { value: null, name: n };
  if (ordering.sort === "name") return { value: n, name: n };
  if (DATE_KEYS.has(ordering.sort)) {
    const date = typeof v === "string" ? new Date(v) : new Date(NaN);
    if (Number.isNaN(date.getTime())) throw badUserInput('"after" is not a repository cursor');
    return { value: date, name: n };
  }
  if (typeof v !== "number") throw badUserInput('"after" is not a repository cursor');
  return { value: v, name: n };
}
