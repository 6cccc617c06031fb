import type { Model } from "mongoose";
import type { TagDoc } from "./tag.model";

/** One tag's statistics as the API serves them. */
export interface TagStats {
  repository: string;
  name: string;
  digest: string | null;
  mediaType: string | null;
  pushCount: number;
  pullCount: number;
  lastPushedAt: Date | null;
  lastPulledAt: Date | null;
  deleted: boolean;
}

/** A page of one repository's tags, ordered by tag name. */
export interface TagPageRequest {
  repository: string;
  first: number;
  /** Tag name the page starts after. */
  after?: string;
  includeDeleted: boolean;
}

/** The answer to a TagPageRequest. */
export interface TagPage {
  tags: TagStats[];
  hasNextPage: boolean;
  /** Tags of the repository (deleted ones only when asked for), ignoring pagination. */
  totalCount: number;
}

/**
 * Tags per batch query before falling back to per-repository queries. A page of repositories costs
 * one query while their tags fit; a repository with thousands of tags cannot blow up memory.
 */
export const TAG_BATCH_LIMIT = 5000;

const PROJECTION = { inflight: 0, _id: 0 } as const;

/** Reads tag statistics, many repositories per query. */
export class TagService {
  constructor(
    private readonly model: Model<TagDoc>,
    private readonly batchLimit = TAG_BATCH_LIMIT,
  ) {}

  /** Answers every request with one query when the repositories' tags fit in the batch limit. */
  async pages(requests: readonly TagPageRequest[]): Promise<TagPage[]> {
    const names = [...new Set(requests.map((r) => r.repository))].sort(compareBytes);
    const withDeleted = requests.some((r) => r.includeDeleted);
    const docs = await this.model
      .find({ repository: { $in: names }, ...(withDeleted ? {} : { deleted: { $ne: true } }) }, PROJECTION)
      .sort({ repository: 1, tag: 1 })
      .limit(this.batchLimit + 1)
      .lean<TagDoc[]>();
    const truncated = docs.length > this.batchLimit;
    // Sorted by repository: every repository before the last one seen is complete in a truncated batch.
    const cut = truncated ? docs[this.batchLimit].repository : undefined;
    const byRepository = groupBy(docs.slice(0, this.batchLimit).map(toTagStats), (t) => t.repository);
    return Promise.all(
      requests.map((request) =>
        cut !== undefined && compareBytes(request.repository, cut) >= 0
          ? this.page(request)
          : pageOf(byRepository.get(request.repository) ?? [], request),
      ),
    );
  }

  /** One repository's page straight from the database, for repositories with many tags. */
  async page(request: TagPageRequest): Promise<TagPage> {
    const base = {
      repository: request.repository,
      ...(request.includeDeleted ? {} : { deleted: { $ne: true } }),
    };
    const [docs, totalCount] = await Promise.all([
      this.model
        .find(request.after === undefined ? base : { ...base, tag: { $gt: request.after } }, PROJECTION)
        .sort({ tag: 1 })
        .limit(request.first + 1)
        .lean<TagDoc[]>(),
      this.model.countDocuments(base),
    ]);
    return {
      tags: docs.slice(0, request.first).map(toTagStats),
      hasNextPage: docs.length > request.first,
      totalCount,
    };
  }
}

function pageOf(all: TagStats[], request: TagPageRequest): TagPage {
  const visible = request.includeDeleted ? all : all.filter((t) => !t.deleted);
  const after = request.after;
  const rest = after === undefined ? visible : visible.filter((t) => compareBytes(t.name, after) > 0);
  return {
    tags: rest.slice(0, request.first),
    hasNextPage: rest.length > request.first,
    totalCount: visible.length,
  };
}

/** Compares strings the way MongoDB orders them without a collation: by UTF-8 bytes. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Groups items by a key, keeping their order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function toTagStats(doc: TagDoc): TagStats {
  return {
    repository: doc.repository,
    name: doc.tag,
    digest: doc.digest ?? null,
    mediaType: doc.mediaType ?? null,
    pushCount: doc.pushCount ?? 0,
    pullCount: doc.pullCount ?? 0,
    lastPushedAt: doc.lastPushedAt ?? null,
    lastPulledAt: doc.lastPulledAt ?? null,
    deleted: doc.deleted === true,
  };
}
