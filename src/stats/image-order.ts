// Orders and pages a repository's images in memory: a repository has few enough manifests, and they are
// read whole anyway (see image.service.ts). Keyset positions, so pages stay consistent while events arrive.
import type { ImageStats } from "./image.service";

/** What an image list can be ordered by. */
export type ImageSortKey = "pushedAt" | "pulls" | "lastPulled" | "digest";

/** Where a page starts after: the sort value (epoch ms, count or digest; null when missing) and the digest. */
export interface ImagePosition {
  value: number | string | null;
  digest: string;
}

/** A page request. */
export interface ImagePageQuery {
  first: number;
  after?: ImagePosition;
  sort: ImageSortKey;
  direction: "asc" | "desc";
}

/** One page and what the cursors need. */
export interface ImagePage {
  items: { image: ImageStats; position: ImagePosition }[];
  hasNextPage: boolean;
  totalCount: number;
}

function valueOf(image: ImageStats, sort: ImageSortKey): number | string | null {
  switch (sort) {
    case "pushedAt":
      return image.pushedAt?.getTime() ?? null;
    case "pulls":
      return image.pullCount;
    case "lastPulled":
      return image.lastPulledAt?.getTime() ?? null;
    case "digest":
      return image.digest;
  }
}

// Missing values are the lowest (first ascending, last descending); ties by digest, ascending.
function compare(a: ImagePosition, b: ImagePosition, direction: "asc" | "desc"): number {
  if (a.value !== b.value) {
    if (a.value === null) return direction === "asc" ? -1 : 1;
    if (b.value === null) return direction === "asc" ? 1 : -1;
    const order = a.value < b.value ? -1 : 1;
    return direction === "asc" ? order : -order;
  }
  return a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0;
}

/** The page of `images` the query asks for. */
export function imagePage(images: readonly ImageStats[], query: ImagePageQuery): ImagePage {
  const items = images
    .map((image) => ({ image, position: { value: valueOf(image, query.sort), digest: image.digest } }))
    .sort((a, b) => compare(a.position, b.position, query.direction));
  const after = query.after;
  const start = after ? items.findIndex((item) => compare(item.position, after, query.direction) > 0) : 0;
  const rest = start === -1 ? [] : items.slice(start);
  return {
    items: rest.slice(0, query.first),
    hasNextPage: rest.length > query.first,
    totalCount: items.length,
  };
}
