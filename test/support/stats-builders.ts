// Seed factories for statistics: they insert documents through the models, as ingest would leave them,
// so GraphQL tests read a real database. Each returns what it inserted.
import crypto from "node:crypto";
import type { ActorDoc } from "../../src/stats/actor.model";
import type { DailyDoc } from "../../src/stats/daily.model";
import type { Models } from "../../src/stats/models";
import type { RepositoryDoc } from "../../src/stats/repository.model";
import type { TagDoc } from "../../src/stats/tag.model";

let sequence = 0;

/** A repository name unique to this process, e.g. `team/app-3-1a2b`. */
export function uniqueName(prefix = "team/app"): string {
  sequence += 1;
  return `${prefix}-${sequence}-${crypto.randomBytes(2).toString("hex")}`;
}

/** A `sha256:` digest derived from `seed`. */
export const digest = (seed: string): string =>
  `sha256:${crypto.createHash("sha256").update(seed).digest("hex")}`;

/** A UTC day (YYYY-MM-DD) `daysAgo` days before today. */
export function dayAgo(daysAgo: number, now = new Date()): string {
  return new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/** Inserts one repository document; omitted timestamps stay missing (never pushed / pulled). */
export async function buildRepository(
  models: Models,
  overrides: Partial<RepositoryDoc> = {},
): Promise<RepositoryDoc> {
  const [doc] = await buildRepositories(models, [overrides]);
  return doc;
}

/** Inserts several repository documents in one write. */
export async function buildRepositories(
  models: Models,
  list: Partial<RepositoryDoc>[],
): Promise<RepositoryDoc[]> {
  const docs = list.map((overrides) => ({
    repositoryname: uniqueName(),
    numpushs: 1,
    numpulls: 0,
    numstars: 0,
    actors: [],
    starredBy: [],
    inflight: [],
    ...overrides,
  }));
  await models.repositories.insertMany(docs);
  return docs;
}

/** Inserts a repository document as the original collector may have left it: only the given fields. */
export async function buildLegacyRepository(models: Models, fields: Record<string, unknown>): Promise<void> {
  await models.repositories.collection.insertOne({ repositoryname: uniqueName("legacy/app"), ...fields });
}

/** Inserts tag documents of one repository, named by `tags`, with per-tag overrides. */
export async function buildTags(
  models: Models,
  repository: string,
  tags: (string | (Partial<TagDoc> & { tag: string }))[],
): Promise<TagDoc[]> {
  const docs = tags.map((t) => {
    const overrides = typeof t === "string" ? { tag: t } : t;
    return {
      repository,
      digest: digest(`${repository}:${overrides.tag}`),
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      pushCount: 1,
      pullCount: 0,
      deleted: false,
      inflight: [],
      ...overrides,
    };
  });
  if (docs.length) await models.tags.insertMany(docs);
  return docs;
}

/** Inserts one actor document. */
export async function buildActor(
  models: Models,
  overrides: Partial<ActorDoc> & { repository: string; actor: string },
): Promise<ActorDoc> {
  const doc = { pushCount: 0, pullCount: 0, inflight: [], ...overrides };
  await models.actors.create(doc);
  return doc;
}

/** Inserts one daily bucket. */
export async function buildDaily(
  models: Models,
  overrides: Partial<DailyDoc> & { repository: string; day: string },
): Promise<DailyDoc> {
  const doc = { pushCount: 0, pullCount: 0, inflight: [], ...overrides };
  await models.daily.create(doc);
  return doc;
}
