// Seed factories for statistics: they insert documents through the models, as ingest would leave them
// (drec's `_id`s: the name for repositories, store/document-keys.ts for the rest), so GraphQL tests read a real
// database. Each returns what it inserted. Lists, counts and tag names are served from the in-memory
// read model: after writing directly, reload it (`h.sync()` in the GraphQL harness, reloadReadModel for
// a running app), as its periodic reload would.
import crypto from "node:crypto";
import type { AppContext } from "../../src/app-context";
import type { ActorDoc } from "../../src/store/models/actor.model";
import type { StatsChange } from "../../src/read-model/change-feed";
import type { DailyDoc } from "../../src/store/models/daily.model";
import { actorId, dailyId, tagId } from "../../src/store/document-keys";
import type { Models } from "../../src/store/models/create-models";
import type { RepositoryDoc } from "../../src/store/models/repository.model";
import type { TagDoc } from "../../src/store/models/tag.model";

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

/** A repository document as drec creates it (`_id` = name), not inserted. */
export type SeedRepository = Partial<RepositoryDoc> & { _id?: unknown };

/** Builds (does not insert) a repository document; omitted timestamps stay missing. */
export function buildRepositoryDoc(overrides: SeedRepository = {}): RepositoryDoc & { _id: unknown } {
  const repositoryname = overrides.repositoryname ?? uniqueName();
  return {
    _id: repositoryname,
    repositoryname,
    numpushs: 1,
    numpulls: 0,
    numstars: 0,
    actors: [],
    starredBy: [],
    inflight: [],
    ...overrides,
  };
}

/** Inserts one repository document; omitted timestamps stay missing (never pushed / pulled). */
export async function buildRepository(
  models: Models,
  overrides: SeedRepository = {},
): Promise<RepositoryDoc> {
  const [doc] = await buildRepositories(models, [overrides]);
  return doc;
}

/** Inserts several repository documents in one write. */
export async function buildRepositories(models: Models, list: SeedRepository[]): Promise<RepositoryDoc[]> {
  const docs = list.map(buildRepositoryDoc);
  await models.repositories.insertMany(docs);
  return docs;
}

/** Inserts a repository document as the original collector may have left it: an ObjectId, only the given fields. */
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
      _id: tagId(repository, overrides.tag),
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

/**
 * Inserts one actor document and, as ingest does, adds the actor to its repository document's `actors`
 * (when drec created that document: `_id` = name).
 */
export async function buildActor(
  models: Models,
  overrides: Partial<ActorDoc> & { repository: string; actor: string },
): Promise<ActorDoc> {
  const doc = {
    _id: actorId(overrides.repository, overrides.actor),
    pushCount: 0,
    pullCount: 0,
    inflight: [],
    ...overrides,
  };
  await models.actors.create(doc);
  await models.repositories.updateOne(
    { _id: overrides.repository, repositoryname: overrides.repository },
    { $addToSet: { actors: overrides.actor } },
  );
  return doc;
}

/** Inserts one daily bucket. */
export async function buildDaily(
  models: Models,
  overrides: Partial<DailyDoc> & { repository: string; day: string },
): Promise<DailyDoc> {
  const doc = {
    _id: dailyId(overrides.repository, overrides.day),
    pushCount: 0,
    pullCount: 0,
    inflight: [],
    ...overrides,
  };
  await models.daily.create(doc);
  return doc;
}

/** A change as ingest publishes it after writing a repository's documents. */
export function buildStatsChange(overrides: Partial<StatsChange> & { repository: string }): StatsChange {
  return { tags: [], deleted: false, ...overrides };
}

/** Re-reads a running app's read model in full, as its periodic reload would: after direct writes. */
export async function reloadReadModel(ctx: AppContext): Promise<void> {
  await ctx.readModel.reload();
}
