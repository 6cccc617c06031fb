// Seed factories for the reports: digest (image) documents as ingest leaves them, with the tags that point
// at them, inserted through the models into a real database.
import crypto from "node:crypto";
import { digestId, tagId } from "../../src/store/document-keys";
import type { DigestDoc } from "../../src/store/models/digest.model";
import type { Models } from "../../src/store/models/create-models";
import type { TagDoc } from "../../src/store/models/tag.model";
import { digest as digestFrom } from "./stats-builders";

/** A time `days` days before `now`. */
export const daysAgo = (days: number, now = new Date()): Date => new Date(now.getTime() - days * 86_400_000);

/** An image to seed: its repository, its seed (for the digest), the tags pointing at it, and field overrides. */
export type SeedImage = Partial<Omit<DigestDoc, "_id">> & {
  repository: string;
  seed?: string;
  tags?: string[];
};

/** Builds (does not insert) a digest document and its tag documents: pushed 400 days ago, never pulled. */
export function buildImageDocs(image: SeedImage): { digest: DigestDoc; tags: TagDoc[] } {
  const { seed, tags = [], ...overrides } = image;
  const digest = overrides.digest ?? digestFrom(seed ?? `${image.repository}@${crypto.randomUUID()}`);
  const pushedAt = overrides.pushedAt ?? daysAgo(400);
  const doc: DigestDoc = {
    _id: digestId(image.repository, digest),
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    references: [],
    pushedAt,
    lastPushedAt: pushedAt,
    pullCount: 0,
    deleted: false,
    inflight: [],
    ...overrides,
    digest,
  };
  const tagDocs = tags.map((tag) => ({
    _id: tagId(image.repository, tag),
    repository: image.repository,
    tag,
    digest,
    mediaType: doc.mediaType,
    pushCount: 1,
    pullCount: 0,
    lastPushedAt: pushedAt,
    deleted: false,
    inflight: [],
  }));
  return { digest: doc, tags: tagDocs };
}

/** Inserts the images and their tags, in batches of 1,000 documents; returns the digest documents. */
export async function buildImages(models: Models, images: SeedImage[]): Promise<DigestDoc[]> {
  const built = images.map(buildImageDocs);
  const digests = built.map((b) => b.digest);
  const tags = built.flatMap((b) => b.tags);
  for (let i = 0; i < digests.length; i += 1000) await models.digests.insertMany(digests.slice(i, i + 1000));
  for (let i = 0; i < tags.length; i += 1000) await models.tags.insertMany(tags.slice(i, i + 1000));
  return digests;
}
