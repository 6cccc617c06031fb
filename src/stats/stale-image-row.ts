// What makes an image a cleanup candidate, and the row drec reports for it. Shared by the GraphQL page
// (stale-images.service.ts) and the streamed export (src/reports/), so both list the same rows.
import type { QueryFilter } from "mongoose";
import type { DigestDoc, ReferenceDoc } from "../store/models/digest.model";

/** Why an image is reported stale. */
export type StaleReason = "NEVER_PULLED" | "ONLY_AUTOMATED_PULLS" | "NOT_PULLED_RECENTLY";

/** One cleanup candidate: a manifest (by digest) of a repository and the tags that point at it. */
export interface StaleImage {
  repository: string;
  digest: string;
  /** Tags (not deleted) whose current digest is this one, by name. */
  tags: string[];
  mediaType: string | null;
  pushedAt: Date | null;
  lastPulledAt: Date | null;
  lastCheckedAt: Date | null;
  /** The newest of push, pull and check (and automated pull when they count): what the age is measured from. */
  lastUsedAt: Date | null;
  pullCount: number;
  automatedPullCount: number;
  /** Bytes of the config and layers the manifest references; null when unknown (indexes, distribution 2.8). */
  size: number | null;
  reason: StaleReason;
}

/** What is asked for: images unused for `olderThanDays`, optionally under one namespace. */
export interface StaleQuery {
  olderThanDays: number;
  namespace?: string | null;
  /** Count pulls by automated clients (ingest.automated) as use; by default they do not keep an image alive. */
  includeAutomated: boolean;
  /** The reference time; tests pin it. */
  now: Date;
}

/** The fields the rows are built from: never inflight markers. */
export const STALE_PROJECTION = {
  _id: 0,
  repository: 1,
  digest: 1,
  mediaType: 1,
  references: 1,
  pushedAt: 1,
  lastPushedAt: 1,
  lastPulledAt: 1,
  lastAutomatedPulledAt: 1,
  lastCheckedAt: 1,
  pullCount: 1,
  automatedPullCount: 1,
} as const;

/** A digest document as read with STALE_PROJECTION. */
export type StaleSource = Omit<DigestDoc, "_id" | "inflight" | "deleted" | "deletedAt" | "pusher">;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The repository condition of a namespace: the name itself or anything under `<namespace>/`. */
export function namespaceCondition(namespace: string | null | undefined): QueryFilter<DigestDoc> {
  if (!namespace) return {};
  return { repository: { $regex: `^${escapeRegex(namespace)}(/|$)` } };
}

/**
 * The database filter: manifests not deleted, whose every use (push, pull, check, and automated pull when it
 * counts) is older than the cutoff or missing. `$not: {$gte}` matches a missing field too, which is how a
 * never-pulled image falls back to its push time.
 */
export function staleFilter(query: StaleQuery): QueryFilter<DigestDoc> {
  const cutoff = new Date(query.now.getTime() - query.olderThanDays * 86_400_000);
  const unused = (field: string) => ({ [field]: { $not: { $gte: cutoff } } });
  return {
    deleted: { $ne: true },
    ...namespaceCondition(query.namespace),
    ...unused("lastPushedAt"),
    ...unused("pushedAt"),
    ...unused("lastPulledAt"),
    ...unused("lastCheckedAt"),
    ...(query.includeAutomated ? unused("lastAutomatedPulledAt") : {}),
  };
}

const INDEX_TYPES = /(image\.index|manifest\.list)/;

/** The bytes an image manifest references, when every reference states its size; never for an index. */
export function sizeOf(mediaType: string | undefined, references: ReferenceDoc[] | undefined): number | null {
  if (!references?.length || (mediaType !== undefined && INDEX_TYPES.test(mediaType))) return null;
  let total = 0;
  for (const ref of references) {
    if (typeof ref.size !== "number") return null;
    total += ref.size;
  }
  return total;
}

const newest = (...dates: (Date | undefined)[]): Date | null => {
  let best: Date | null = null;
  for (const date of dates) if (date && (best === null || date > best)) best = date;
  return best;
};

/** The row of one stale manifest, before its tags are known. */
export function toStaleImage(doc: StaleSource, includeAutomated: boolean, tags: string[] = []): StaleImage {
  const automatedPullCount = doc.automatedPullCount ?? 0;
  const pulledAt = includeAutomated
    ? newest(doc.lastPulledAt, doc.lastAutomatedPulledAt)
    : (doc.lastPulledAt ?? null);
  const reason: StaleReason =
    pulledAt !== null
      ? "NOT_PULLED_RECENTLY"
      : automatedPullCount > 0 && !includeAutomated
        ? "ONLY_AUTOMATED_PULLS"
        : "NEVER_PULLED";
  return {
    repository: doc.repository,
    digest: doc.digest,
    tags,
    mediaType: doc.mediaType ?? null,
    pushedAt: doc.pushedAt ?? null,
    lastPulledAt: doc.lastPulledAt ?? null,
    lastCheckedAt: doc.lastCheckedAt ?? null,
    lastUsedAt: newest(doc.pushedAt, doc.lastPushedAt, pulledAt ?? undefined, doc.lastCheckedAt),
    pullCount: doc.pullCount ?? 0,
    automatedPullCount,
    size: sizeOf(doc.mediaType, doc.references),
    reason,
  };
}

// The distribution spec's path components (lower-case alphanumerics joined by ".", "_", "__" or dashes),
// one or more, joined by "/".
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const NAMESPACE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);

/** Largest olderThanDays: a century, so the cutoff stays a valid date. */
export const MAX_STALE_DAYS = 36_500;

/** Why the asked days or namespace cannot be answered, or null when they can; both APIs report it as 4xx. */
export function staleQueryProblem(
  olderThanDays: number,
  namespace: string | null | undefined,
): string | null {
  if (!Number.isInteger(olderThanDays) || olderThanDays < 1 || olderThanDays > MAX_STALE_DAYS)
    return `older than days must be a whole number from 1 to ${MAX_STALE_DAYS}; got ${olderThanDays}`;
  if (namespace !== null && namespace !== undefined && !NAMESPACE.test(namespace))
    return `namespace must be a repository path prefix such as "team" or "team/sub"; got ${JSON.stringify(namespace.slice(0, 64))}`;
  if (namespace && namespace.length > 255) return "namespace must be at most 255 characters";
  return null;
}
