import type { Model } from "mongoose";
import { findByIds } from "../store/find-by-ids";
import { tagId } from "../store/document-keys";
import type { ReadModel } from "../read-model/read-model";
import type { TagDoc } from "../store/models/tag.model";

/** One tag's statistics as the API serves them. */
export interface TagStats {
  repository: string;
  name: string;
  digest: string | null;
  mediaType: string | null;
  pushCount: number;
  pullCount: number;
  /** The part of pullCount by automated clients. */
  automatedPullCount: number;
  lastPushedAt: Date | null;
  lastPulledAt: Date | null;
  checkCount: number;
  lastCheckedAt: Date | null;
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

const PROJECTION = { inflight: 0 } as const;

/**
 * Reads tag statistics: which tags a page holds comes from the in-memory tag index (read-model/read-model.ts),
 * their documents from one `_id` query for every page asked at once.
 */
export class TagService {
  constructor(
    private readonly model: Model<TagDoc>,
    private readonly cache: ReadModel,
  ) {}

  /** Answers every request with one query (per 5,000 tags). */
  async pages(requests: readonly TagPageRequest[]): Promise<TagPage[]> {
    await this.cache.current();
    const slices = requests.map((r) =>
      this.cache.tags.slice(r.repository, r.first, r.after, r.includeDeleted),
    );
    const ids = new Set<string>();
    slices.forEach((slice, i) => {
      for (const name of slice.names) ids.add(tagId(requests[i].repository, name));
    });
    const docs = await findByIds<TagDoc>(this.model, [...ids], PROJECTION);
    const byId = new Map(docs.map((doc) => [tagId(doc.repository, doc.tag), doc]));
    return slices.map((slice, i) => {
      const { repository, includeDeleted } = requests[i];
      const tags: TagStats[] = [];
      for (const name of slice.names) {
        const doc = byId.get(tagId(repository, name));
        // Gone or deleted since the index was updated: its refresh is on the way.
        if (doc && (includeDeleted || doc.deleted !== true)) tags.push(toTagStats(doc));
      }
      return { tags, hasNextPage: slice.hasNextPage, totalCount: slice.totalCount };
    });
  }
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
    automatedPullCount: doc.automatedPullCount ?? 0,
    lastPushedAt: doc.lastPushedAt ?? null,
    lastPulledAt: doc.lastPulledAt ?? null,
    checkCount: doc.checkCount ?? 0,
    lastCheckedAt: doc.lastCheckedAt ?? null,
    deleted: doc.deleted === true,
  };
}
