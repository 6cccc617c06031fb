// Bulk seeding of the statistics collections (docs/architecture.md) with R repositories, their tags,
// digests, actors and up to 90 days of daily activity, by insertMany straight into the database, with
// the `_id`s drec gives its documents (src/store/document-keys.ts, src/store/repository-ids.ts). drec reads the
// legacy repository ids and its GraphQL read model once at start: restart it after seeding.
import { ObjectId, type Collection, type Db, type Document } from "mongodb";
import { actorId, dailyId, digestId, tagId } from "../src/store/document-keys";
import {
  ACTIVE_REPOSITORIES,
  activeDays,
  digestOf,
  isHot,
  repoActors,
  repoLayers,
  repoName,
  repoTags,
  seededPulls,
  tagDigest,
} from "./catalog";

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 2000;
/** Repositories generated per round of inserts. */
const CHUNK = 1000;

/** drec's collection names besides the configurable per-repository one. */
export const COLLECTIONS = {
  tags: "drec_tags",
  digests: "drec_digests",
  actors: "drec_actors",
  daily: "drec_daily",
} as const;

/** How much a seed step inserted. */
export interface SeedResult {
  repositories: number;
  documents: number;
  seconds: number;
  byCollection: Record<string, number>;
}

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The per-repository document (the original collector's fields plus drec's), without `_id`: the ceiling's
 * database uses the name (as the ceiling upserts by `_id`), drec's database the ids seedRegistry gives.
 */
export function repositoryDoc(i: number, now: Date): Document {
  const pulls = seededPulls(i);
  return {
    repositoryname: repoName(i),
    numpushs: repoTags(i).length * 3 + (i % 5),
    numpulls: pulls,
    numstars: isHot(i) ? i % 13 : 0,
    firstpushed: daysAgo(now, 400 - (i % 300)),
    lastpushed: daysAgo(now, 1 + (i % 60)),
    firstpulled: daysAgo(now, 399 - (i % 300)),
    lastpulled: daysAgo(now, Math.min(89, i % 90) / 4),
    actors: repoActors(i),
    starredBy: [],
    inflight: [],
    createdAt: daysAgo(now, 400 - (i % 300)),
  };
}

function tagDocs(i: number, now: Date): Document[] {
  return repoTags(i).map((tag, k) => ({
    _id: tagId(repoName(i), tag),
    repository: repoName(i),
    tag,
    digest: tagDigest(i, tag),
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    pushCount: 1 + (k % 3),
    pullCount: Math.round(seededPulls(i) / (k + 2)),
    lastPushedAt: daysAgo(now, 2 + k * 7),
    lastPulledAt: daysAgo(now, k / 3),
    deleted: false,
    inflight: [],
  }));
}

function digestDocs(i: number, now: Date): Document[] {
  return repoTags(i).map((tag, k) => {
    const digest = tagDigest(i, tag);
    const layers = Array.from({ length: repoLayers(i) }, (_, n) => ({
      mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
      digest: digestOf(`l${n}${digest}`),
      size: 2_000_000 + n,
    }));
    return {
      _id: digestId(repoName(i), digest),
      repository: repoName(i),
      digest,
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      references: [
        {
          mediaType: "application/vnd.docker.container.image.v1+json",
          digest: digestOf(`c${digest}`),
          size: 1500,
        },
        ...layers,
      ],
      pushedAt: daysAgo(now, 2 + k * 7),
      pusher: "ci-bot",
      lastPushedAt: daysAgo(now, 2 + k * 7),
      pullCount: Math.round(seededPulls(i) / (k + 2)),
      // The fifth and older images of a repository were last pulled weeks ago: staleImages has rows.
      lastPulledAt: daysAgo(now, k < 4 ? k / 3 : 30 + k),
      deleted: false,
      inflight: [],
    };
  });
}

function actorDocs(i: number, now: Date): Document[] {
  return repoActors(i).map((actor, k) => ({
    _id: actorId(repoName(i), actor),
    repository: repoName(i),
    actor,
    pushCount: actor.endsWith("bot") ? 3 : 0,
    pullCount: Math.round(seededPulls(i) / (k + 3)),
    lastSeenAt: daysAgo(now, k),
    inflight: [],
  }));
}

// Active days spread evenly over the last 90 (today included); the busiest repositories have all 90.
function dailyDocs(i: number, now: Date): Document[] {
  const days = activeDays(i);
  const perDay = Math.max(1, Math.round(seededPulls(i) / 400));
  return Array.from({ length: days }, (_, k) => {
    const day = utcDay(daysAgo(now, Math.floor((k * 90) / days)));
    return {
      _id: dailyId(repoName(i), day),
      repository: repoName(i),
      day,
      pushCount: k % 7 === 0 ? 1 : 0,
      pullCount: perDay + (k % 5),
      inflight: [],
    };
  });
}

async function insertAll(collection: Collection, docs: Document[]): Promise<void> {
  for (let start = 0; start < docs.length; start += BATCH)
    await collection.insertMany(docs.slice(start, start + BATCH), { ordered: false });
}

/**
 * The `_id` of repository i's document in drec's database. The ACTIVE_REPOSITORIES busiest use their
 * name, as documents drec creates do. The idle rest (only at R > ACTIVE_REPOSITORIES) play repositories
 * migrated from the original collector: they keep ObjectIds, which drec maps from names at start.
 */
function repositoryId(i: number, legacy: Map<string, ObjectId>): string | ObjectId {
  const name = repoName(i);
  if (i < ACTIVE_REPOSITORIES) return name;
  const id = new ObjectId();
  legacy.set(name, id);
  return id;
}

/**
 * Inserts repositories [from, to) into drec's database: the registry-stats document of each, and the
 * tags, digests, actors and daily activity of those among the ACTIVE_REPOSITORIES busiest. The ObjectIds
 * given to migrated repositories are added to `legacy` (name to `_id`).
 */
export async function seedRegistry(
  db: Db,
  repositories: string,
  from: number,
  to: number,
  now: Date,
  legacy: Map<string, ObjectId>,
): Promise<SeedResult> {
  const started = Date.now();
  const byCollection: Record<string, number> = {};
  const builders: [string, (i: number, now: Date) => Document[]][] = [
    [repositories, (i, at) => [{ _id: repositoryId(i, legacy), ...repositoryDoc(i, at) }]],
    [COLLECTIONS.tags, tagDocs],
    [COLLECTIONS.digests, digestDocs],
    [COLLECTIONS.actors, actorDocs],
    [COLLECTIONS.daily, dailyDocs],
  ];
  for (let chunk = from; chunk < to; chunk += CHUNK) {
    const end = Math.min(to, chunk + CHUNK);
    for (const [name, build] of builders) {
      const docs: Document[] = [];
      for (let i = chunk; i < end; i += 1)
        if (name === repositories || i < ACTIVE_REPOSITORIES) docs.push(...build(i, now));
      await insertAll(db.collection(name), docs);
      byCollection[name] = (byCollection[name] ?? 0) + docs.length;
    }
  }
  const documents = Object.values(byCollection).reduce((a, b) => a + b, 0);
  return { repositories: to - from, documents, seconds: (Date.now() - started) / 1000, byCollection };
}

/** Inserts repository documents [from, to) only, for the raw-upsert ceiling's database. */
export async function seedRepositories(
  collection: Collection,
  from: number,
  to: number,
  now: Date,
): Promise<SeedResult> {
  const started = Date.now();
  for (let chunk = from; chunk < to; chunk += CHUNK) {
    const docs: Document[] = [];
    for (let i = chunk; i < Math.min(to, chunk + CHUNK); i += 1)
      docs.push({ _id: repoName(i), ...repositoryDoc(i, now) } as Document);
    await insertAll(collection, docs);
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    repositories: to - from,
    documents: to - from,
    seconds,
    byCollection: { [collection.collectionName]: to - from },
  };
}
