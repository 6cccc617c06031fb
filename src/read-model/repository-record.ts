// A repository's list fields as the read model holds them, and how a stored document's fields are
// read into them. Each slot's numbers live in one Float64Array (see repository-slots.ts), in FIELDS order.
import type { RepositoryDoc } from "../store/models/repository.model";
import { epoch, eventEpoch, storedCount, storedStrings } from "./stored-field-values";

/** A repository document's list fields, as read; dates are epoch milliseconds, missing is null. */
export interface RepositoryRecord {
  /** The document's `_id`: the name for documents drec created, often an ObjectId for legacy ones. */
  id: unknown;
  name: string;
  pulls: number | null;
  pushes: number | null;
  stars: number | null;
  lastPulled: number | null;
  lastPushed: number | null;
  firstPulled: number | null;
  firstPushed: number | null;
  createdAt: number | null;
  actors: readonly string[];
  starredBy: readonly string[];
}

/** The numeric fields of a record. */
export type NumberField = Exclude<keyof RepositoryRecord, "id" | "name" | "actors" | "starredBy">;

/** The numbers of a slot, in this order. */
export const FIELDS: readonly NumberField[] = [
  "pulls",
  "pushes",
  "stars",
  "lastPulled",
  "lastPushed",
  "firstPulled",
  "firstPushed",
  "createdAt",
];
export const STRIDE = FIELDS.length;
export const COLUMN: Record<NumberField, number> = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<
  NumberField,
  number
>;
/** A missing number; it also makes the value sort lowest. */
export const MISSING = -Infinity;
/** The empty list every slot without actors or stars shares. */
export const NONE: readonly string[] = Object.freeze([]);

/** Reads a stored document's list fields; null when it has no string `repositoryname`. */
export function recordOf(doc: Partial<RepositoryDoc> & { _id?: unknown }): RepositoryRecord | null {
  const name = doc.repositoryname;
  if (typeof name !== "string") return null;
  return {
    id: doc._id,
    name,
    pulls: storedCount(doc.numpulls),
    pushes: storedCount(doc.numpushs),
    stars: storedCount(doc.numstars),
    lastPulled: eventEpoch(doc.lastpulled, "last"),
    lastPushed: eventEpoch(doc.lastpushed, "last"),
    firstPulled: eventEpoch(doc.firstpulled, "first"),
    firstPushed: eventEpoch(doc.firstpushed, "first"),
    createdAt: epoch(doc.createdAt),
    actors: storedStrings(doc.actors),
    starredBy: storedStrings(doc.starredBy),
  };
}

/** A number as a slot stores it. */
export const stored = (value: number | null): number => (value === null ? MISSING : value);

/** True when two string lists hold the same items in the same order. */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}
