// The staleImages report in the query bench: over GraphQL, and the same work through the raw driver.
// drec reads it from the database (not from its read model): one pass over the digests matching the
// filter, keeping one page, then the tags of that page. The raw side is the database's own way to the
// same page: a sorted, limited find, a count of the same filter, and the page's tags.
import type { Db, Document } from "mongodb";
import { staleFilter } from "../src/stats/stale-image-row";
import { COLLECTIONS } from "./seed";

/** Days without a pull, check or push after which the bench asks for an image. */
export const STALE_DAYS = 30;

export const STALE_LABEL = `staleImages(olderThanDays: ${STALE_DAYS}, first: 20)`;

export const STALE_QUERY = `query Stale { staleImages(olderThanDays: ${STALE_DAYS}, first: 20) {
  totalCount pageInfo { hasNextPage endCursor } nodes { repository digest tags reason lastUsedAt pullCount size } } }`;

/** One page of stale images (oldest first) with its total and tags, read with the raw driver. */
export async function staleRaw(db: Db): Promise<void> {
  const filter = staleFilter({
    olderThanDays: STALE_DAYS,
    includeAutomated: false,
    now: new Date(),
  }) as Document;
  const digests = db.collection(COLLECTIONS.digests);
  const [page] = await Promise.all([
    digests
      .find(filter, { projection: { inflight: 0 } })
      .sort({ lastPushedAt: 1, repository: 1, digest: 1 })
      .limit(21)
      .toArray(),
    digests.countDocuments(filter),
  ]);
  if (page.length === 0) return;
  await db
    .collection(COLLECTIONS.tags)
    .find(
      {
        repository: { $in: [...new Set(page.map((d) => d.repository as string))] },
        digest: { $in: page.map((d) => d.digest as string) },
        deleted: { $ne: true },
      },
      { projection: { repository: 1, digest: 1, tag: 1 } },
    )
    .toArray();
}
