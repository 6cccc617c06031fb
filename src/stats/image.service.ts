import type { Model } from "mongoose";
import type { DigestDoc, ReferenceDoc } from "../store/models/digest.model";
import type { TagDoc } from "../store/models/tag.model";
import { groupBy } from "./tag.service";

/** One manifest (image or index) of a repository and its statistics, as the API serves them. */
export interface ImageStats {
  repository: string;
  digest: string;
  mediaType: string | null;
  /** os/architecture[/variant] as an index of the repository names it; null when none does. */
  platform: string | null;
  /** Tags not deleted whose current digest is this one, by name. */
  tags: string[];
  pushedAt: Date | null;
  pushedBy: string | null;
  pullCount: number;
  /** The part of pullCount by automated clients. */
  automatedPullCount: number;
  lastPulledAt: Date | null;
  checkCount: number;
  lastCheckedAt: Date | null;
  deleted: boolean;
}

type ImageDoc = Omit<DigestDoc, "_id" | "inflight">;
const DIGEST_PROJECTION = { inflight: 0, _id: 0 } as const;
const TAG_PROJECTION = { repository: 1, tag: 1, digest: 1, _id: 0 } as const;

const platformName = (p: NonNullable<ReferenceDoc["platform"]>): string =>
  [p.os, p.architecture, p.variant].filter(Boolean).join("/");

function platforms(docs: ImageDoc[]): Map<string, string> {
  const named = new Map<string, string>();
  for (const doc of docs) {
    for (const ref of doc.references ?? []) {
      if (ref.platform?.os && ref.platform.architecture && !named.has(ref.digest))
        named.set(ref.digest, platformName(ref.platform));
    }
  }
  return named;
}

function toImageStats(doc: ImageDoc, platform: string | undefined, tags: string[]): ImageStats {
  return {
    repository: doc.repository,
    digest: doc.digest,
    mediaType: doc.mediaType ?? null,
    platform: platform ?? null,
    tags,
    pushedAt: doc.pushedAt ?? null,
    pushedBy: doc.pusher ?? null,
    pullCount: doc.pullCount ?? 0,
    automatedPullCount: doc.automatedPullCount ?? 0,
    lastPulledAt: doc.lastPulledAt ?? null,
    checkCount: doc.checkCount ?? 0,
    lastCheckedAt: doc.lastCheckedAt ?? null,
    deleted: doc.deleted === true,
  };
}

/**
 * Reads image (digest) statistics: every manifest record of the asked repositories and the tags pointing at
 * them, two queries for any number of repositories. These filters are scans on the embedded database,
 * which is why callers batch a whole page of repositories into one call.
 */
export class ImageService {
  constructor(
    private readonly digests: Model<DigestDoc>,
    private readonly tags: Model<TagDoc>,
  ) {}

  /** Each repository's images, unordered. */
  async forRepositories(names: readonly string[]): Promise<ImageStats[][]> {
    const repository = { $in: [...names] };
    const [docs, tags] = await Promise.all([
      this.digests.find({ repository }, DIGEST_PROJECTION).lean<ImageDoc[]>(),
      this.tags
        .find({ repository, deleted: { $ne: true } }, TAG_PROJECTION)
        .lean<Pick<TagDoc, "repository" | "tag" | "digest">[]>(),
    ]);
    const tagsOf = groupBy(
      tags.filter((t) => t.digest !== undefined),
      (t) => `${t.repository}\n${t.digest}`,
    );
    const byRepository = groupBy(docs, (doc) => doc.repository);
    return names.map((name) => {
      const images = byRepository.get(name) ?? [];
      const named = platforms(images);
      return images.map((doc) =>
        toImageStats(
          doc,
          named.get(doc.digest),
          (tagsOf.get(`${name}\n${doc.digest}`) ?? []).map((t) => t.tag).sort(),
        ),
      );
    });
  }
}
