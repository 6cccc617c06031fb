// Cleanup candidates: manifests not pulled, checked or pushed for N days (stale-image-row.ts says which).
// On the embedded database every such filter is a scan (store/backend-quirks.ts), so both reads hold only what they must: a page
// keeps its best `first + 1` rows while the cursor passes, and the export merges two sorted cursors.
import type { Model } from "mongoose";
import type { DigestDoc } from "../store/models/digest.model";
import { namespaceCondition, STALE_PROJECTION, staleFilter, toStaleImage } from "./stale-image-row";
import type { StaleImage, StaleQuery, StaleSource } from "./stale-image-row";
import type { TagDoc } from "../store/models/tag.model";

/** What a stale-image list can be ordered by: time since last use, or size. */
export type StaleSortKey = "age" | "size";

/** Where a page continues after: the sort value (epoch ms or bytes; null when missing), repository, digest. */
export interface StalePosition {
  value: number | null;
  repository: string;
  digest: string;
}

/** A page request. */
export interface StalePageQuery extends StaleQuery {
  first: number;
  after?: StalePosition;
  sort: StaleSortKey;
  direction: "asc" | "desc";
}

/** One page, its rows' positions (for cursors) and the number of stale images over all pages. */
export interface StalePage {
  items: { image: StaleImage; position: StalePosition }[];
  hasNextPage: boolean;
  totalCount: number;
}

// Documents fetched per round trip: small enough that a batch never weighs much in memory.
const BATCH = 500;

type TagRef = Pick<TagDoc, "repository" | "digest" | "tag">;

function positionOf(image: StaleImage, sort: StaleSortKey): StalePosition {
  const value = sort === "size" ? image.size : (image.lastUsedAt?.getTime() ?? null);
  return { value, repository: image.repository, digest: image.digest };
}

/**
 * Age DESC (the default) lists the longest unused first, i.e. the oldest lastUsedAt first; a missing value is
 * the oldest age and the smallest size. Ties by repository, then digest, ascending.
 */
export function compareStale(
  a: StalePosition,
  b: StalePosition,
  sort: StaleSortKey,
  direction: "asc" | "desc",
) {
  if (a.value !== b.value) {
    // Ascending by the stored value; age descending is exactly that for times.
    const ascending = sort === "age" ? direction === "desc" : direction === "asc";
    if (a.value === null) return ascending ? -1 : 1;
    if (b.value === null) return ascending ? 1 : -1;
    const order = a.value < b.value ? -1 : 1;
    return ascending ? order : -order;
  }
  if (a.repository !== b.repository) return a.repository < b.repository ? -1 : 1;
  return a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0;
}

/** Key of a (repository, digest) pair in maps. */
const pairKey = (repository: string, digest: string | undefined) => `${repository}\n${digest ?? ""}`;

/** Reads cleanup candidates from drec_digests and the tags pointing at them from drec_tags. */
export class StaleImageService {
  constructor(
    private readonly digests: Model<DigestDoc>,
    private readonly tags: Model<TagDoc>,
  ) {}

  /** One page, ordered as asked; the whole filter is read once, holding at most first + 1 rows. */
  async page(query: StalePageQuery): Promise<StalePage> {
    const cmp = (a: StalePosition, b: StalePosition) => compareStale(a, b, query.sort, query.direction);
    const kept: { image: StaleImage; position: StalePosition }[] = [];
    let totalCount = 0;
    const cursor = this.digests
      .find(staleFilter(query), STALE_PROJECTION)
      .lean<StaleSource>()
      .batchSize(BATCH)
      .cursor();
    for await (const doc of cursor) {
      totalCount += 1;
      const image = toStaleImage(doc as StaleSource, query.includeAutomated);
      const position = positionOf(image, query.sort);
      if (query.after && cmp(position, query.after) <= 0) continue;
      if (kept.length > query.first && cmp(position, kept[kept.length - 1].position) >= 0) continue;
      // Sorted insertion into a list of at most first + 2 rows.
      let at = kept.length;
      while (at > 0 && cmp(position, kept[at - 1].position) < 0) at -= 1;
      kept.splice(at, 0, { image, position });
      if (kept.length > query.first + 1) kept.pop();
    }
    const items = kept.slice(0, query.first);
    await this.attachTags(items.map((item) => item.image));
    return { items, hasNextPage: kept.length > query.first, totalCount };
  }

  private async attachTags(images: StaleImage[]): Promise<void> {
    if (images.length === 0) return;
    const tags = await this.tags
      .find(
        {
          repository: { $in: [...new Set(images.map((i) => i.repository))] },
          digest: { $in: [...new Set(images.map((i) => i.digest))] },
          deleted: { $ne: true },
        },
        { _id: 0, repository: 1, digest: 1, tag: 1 },
      )
      .lean<TagRef[]>();
    const byImage = new Map<string, string[]>();
    for (const t of tags) {
      const key = pairKey(t.repository, t.digest);
      byImage.set(key, [...(byImage.get(key) ?? []), t.tag]);
    }
    for (const image of images)
      image.tags = (byImage.get(pairKey(image.repository, image.digest)) ?? []).sort();
  }

  /**
   * Every stale image by repository and digest, streamed: the digests and the live tags are read through two
   * cursors in the same order and merged, so memory holds one batch of each, however many rows there are.
   * Repository names, tags and digests are ASCII (the distribution spec's grammar), so JavaScript's string
   * order is the database's byte order.
   */
  async *stream(query: StaleQuery): AsyncGenerator<StaleImage> {
    const digests = this.digests
      .find(staleFilter(query), STALE_PROJECTION)
      .sort({ repository: 1, digest: 1 })
      .lean<StaleSource>()
      .batchSize(BATCH)
      .cursor();
    const tags = this.tags
      .find(
        { deleted: { $ne: true }, digest: { $exists: true }, ...namespaceCondition(query.namespace) },
        { _id: 0, repository: 1, digest: 1, tag: 1 },
      )
      .sort({ repository: 1, digest: 1, tag: 1 })
      .lean<TagRef>()
      .batchSize(BATCH)
      .cursor();
    try {
      let tag = (await tags.next()) as TagRef | null;
      for await (const doc of digests) {
        const source = doc as StaleSource;
        const key = pairKey(source.repository, source.digest);
        while (tag !== null && pairKey(tag.repository, tag.digest) < key)
          tag = (await tags.next()) as TagRef | null;
        const names: string[] = [];
        while (tag !== null && pairKey(tag.repository, tag.digest) === key) {
          names.push(tag.tag);
          tag = (await tags.next()) as TagRef | null;
        }
        yield toStaleImage(source, query.includeAutomated, names);
      }
    } finally {
      await Promise.all([digests.close(), tags.close()]);
    }
  }
}
