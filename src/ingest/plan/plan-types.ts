// The shape of a plan: the writes one event makes, as data (see plan-event.ts).
import type { ClassifiedEvent } from "../events/event.types";

/** The collection a write goes to, by its name in ctx.db.models. */
export type Target = "repositories" | "tags" | "digests" | "actors" | "daily" | "clients";

/** A filter or update document. */
export type Doc = Record<string, unknown>;

/** One write of a plan; `name` identifies it for fault injection and logs. */
export type PlannedWrite =
  /** Upsert of `key` that changes counters: applied at most once per event through the in-flight marker. */
  | { op: "counted"; name: string; target: Target; key: Doc; update: Doc }
  /** Idempotent upsert of `key` ($min, $max, $set of content-addressed facts). */
  | { op: "upsert"; name: string; target: Target; key: Doc; update: Doc }
  /** Idempotent update of the document `key`, if it also matches the extra conditions in `filter`. */
  | { op: "update"; name: string; target: Target; key: Doc; filter: Doc; update: Doc }
  /** Idempotent update of every document matching `filter` (a scan without an `_id` condition, see store/backend-quirks.ts; deletes only). */
  | { op: "update-many"; name: string; target: Target; filter: Doc; update: Doc }
  /** Removes every document matching `filter`. */
  | { op: "delete"; name: string; target: Target; filter: Doc }
  /**
   * A pushed tag whose digest was deleted after the push is deleted too. Reads the digest's delete time
   * after the tag's digest is written; delete-digest writes the digest first and the tags second, so
   * whichever of the two runs last sees the other's write.
   */
  | { op: "inherit-digest-delete"; name: string; repository: string; tag: string; digest: string; at: Date }
  /** GitLab's rename: every document of `from` and of the repositories under it moves to `to` (rename-repository.ts). */
  | { op: "rename"; name: string; from: string; to: string; eventId: string };

/** Writes to one document (or one collection), run in order; the chains of an event run concurrently. */
export type WriteChain = PlannedWrite[];

/** "2026-11-27" for the UTC day of a timestamp. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The fields that are not undefined: Mongoose would turn an undefined $set value into an $unset. */
export const definedOnly = (doc: Doc): Doc =>
  Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));

/** An automated pull's extra counter (numpulls/pullCount still count it: every pull counts there). */
export const automatedInc = (event: ClassifiedEvent): Doc =>
  event.automated === undefined ? {} : { automatedPullCount: 1 };

/** Whether a pull moves lastpulled/lastPulledAt: a person's always, an automated client's when configured. */
export const movesLastPulled = (event: ClassifiedEvent): boolean =>
  event.automated === undefined || event.automated.moveLastPulled;
