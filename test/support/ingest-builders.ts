// Helpers for ingest integration tests: posting envelopes like a registry, the shared sample captures,
// and snapshots of every statistics document of a repository, normalized for exact comparison.
import fs from "node:fs";
import path from "node:path";
import type { Model } from "mongoose";
import { PACKAGE_ROOT } from "../../src/paths";
import { buildEvent, type Overrides, type RawEvent } from "./builders";
import { mulberry32, randomInt } from "./fuzz";
import { TEST_INGEST_TOKEN, type TestApp } from "./harness";
import type { TestResponse } from "./http";
import { waitFor } from "./wait";

/** The Content-Type distribution 2.x posts with. */
export const EVENTS_V1 = "application/vnd.docker.distribution.events.v1+json";

/** How to post: token (null for none) and Content-Type (null for none). */
export interface PostOptions {
  token?: string | null;
  contentType?: string | null;
  method?: string;
}

/** Posts a body (serialized unless already a string) to the app's ingest route. */
export function postEvents(app: TestApp, body: unknown, options: PostOptions = {}): Promise<TestResponse> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TEST_INGEST_TOKEN : options.token;
  const contentType = options.contentType === undefined ? EVENTS_V1 : options.contentType;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (contentType !== null) headers["content-type"] = contentType;
  const text = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return app.request(app.config.server.route, { method: options.method ?? "POST", headers, body: text });
}

/** Posts like a registry does: retries on 5xx (and connection errors) until a 2xx, a bounded number of times. */
export async function deliver(app: TestApp, body: unknown, attempts = 50): Promise<TestResponse> {
  let last: TestResponse | undefined;
  for (let i = 0; i < attempts; i += 1) {
    last = await postEvents(app, body).catch(() => undefined);
    if (last && last.status < 300) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not accepted after ${attempts} attempts: ${last?.status} ${last?.text}`);
}

/** One captured request of the distribution 2.8.2 samples. */
export interface SampleDelivery {
  contentType: string;
  envelope: { events: Record<string, unknown>[] };
}

/** The captures directory, in the repository so a fresh clone runs its tests. */
export const SAMPLES_DIR = path.resolve(PACKAGE_ROOT, "test/fixtures/registry-2.8.2");

/** Every sample file, name to its deliveries in capture order. */
export function loadSamples(): Map<string, SampleDelivery[]> {
  const files = fs
    .readdirSync(SAMPLES_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort();
  return new Map(
    files.map((name) => [
      name,
      JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, name), "utf8")) as SampleDelivery[],
    ]),
  );
}

/** A copy of `items` in an order fixed by `seed` (Fisher-Yates over mulberry32). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(rng, i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

type Plain = Record<string, unknown>;

// Dates as ISO strings and no _id, so documents compare with deepEqual and print readably.
function normalize(doc: Plain): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === "_id") continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

/** Every statistics document of one repository, normalized; lists sorted by their key. */
export interface RepositorySnapshot {
  repository: Plain | null;
  tags: Plain[];
  digests: Plain[];
  actors: Plain[];
  daily: Plain[];
}

/** Reads a repository's documents through the app's own models. */
export async function snapshot(app: TestApp, repository: string): Promise<RepositorySnapshot> {
  const { models } = app.ctx.db;
  const byKey = (key: string) => (a: Plain, b: Plain) => String(a[key]).localeCompare(String(b[key]));
  const repo = await models.repositories.findOne({ repositoryname: repository }).lean<Plain>();
  const list = async (model: "tags" | "digests" | "actors" | "daily", key: string) =>
    ((await (models[model] as unknown as Model<Plain>).find({ repository }).lean()) as Plain[])
      .map(normalize)
      .sort(byKey(key));
  const repositoryDoc = repo ? normalize(repo) : null;
  if (repositoryDoc && Array.isArray(repositoryDoc.actors))
    repositoryDoc.actors = [...repositoryDoc.actors].sort();
  return {
    repository: repositoryDoc,
    tags: await list("tags", "tag"),
    digests: await list("digests", "digest"),
    actors: await list("actors", "actor"),
    daily: await list("daily", "day"),
  };
}

/** Every number in every statistics document as one text, so any change to stored statistics shows. */
export async function statisticsText(app: TestApp): Promise<string> {
  const { repositories, tags, digests, actors, daily } = app.ctx.db.models;
  const all = await Promise.all(
    [repositories, tags, digests, actors, daily].map((model) =>
      (model as typeof tags).find({}, { _id: 0, inflight: 0 }).lean(),
    ),
  );
  return JSON.stringify(all.map((docs) => docs.map((doc) => JSON.stringify(doc)).sort()));
}

/** Waits until no statistics document holds an in-flight marker (they are removed after answering). */
export async function markersCleared(app: TestApp): Promise<void> {
  const { models } = app.ctx.db;
  const all = [models.repositories, models.tags, models.digests, models.actors, models.daily] as const;
  let left: unknown[] = [];
  await waitFor(
    async () => {
      const marked = await Promise.all(
        all.map((model) =>
          (model as unknown as Model<Plain>).find({ "inflight.0": { $exists: true } }).lean(),
        ),
      );
      left = marked.flat();
      return left.length === 0;
    },
    5000,
    { intervalMs: 20, describe: () => `documents still marked: ${JSON.stringify(left)}` },
  );
}

/** The value of an unlabelled (or first labelled) metric of the app, 0 when absent. */
export async function metricValue(app: TestApp, name: string): Promise<number> {
  const metric = await app.ctx.metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => !("le" in v.labels))?.value ?? 0;
}

/** Count and sum of a histogram of the app. */
export async function histogram(app: TestApp, name: string): Promise<{ count: number; sum: number }> {
  const metric = await app.ctx.metrics.registry.getSingleMetric(name)?.get();
  const value = (suffix: string) =>
    metric?.values.find((v) => (v as { metricName?: string }).metricName === `${name}${suffix}`)?.value ?? 0;
  return { count: value("_count"), sum: value("_sum") };
}

/** Waits until the applier of the app holds no event (its backlog gauge is 0); generous for a loaded CI. */
export const backlogDrained = (app: TestApp, timeoutMs = 30_000): Promise<boolean> =>
  waitFor(async () => (await metricValue(app, "drec_ingest_apply_backlog")) === 0, timeoutMs);

/** A tagged manifest push of `repository` (helper-1's default event: OCI manifest, tag 1.0, alice). */
export function buildPush(repository: string, overrides: Overrides<RawEvent> = {}): RawEvent {
  return buildEvent({ ...overrides, target: { repository, ...overrides.target } });
}

/** A counted pull: GET of the default manifest by tag, by bob, a second after the default push. */
export function buildPull(repository: string, overrides: Overrides<RawEvent> = {}): RawEvent {
  return buildEvent({
    action: "pull",
    timestamp: "2026-11-27T01:37:46.5Z",
    actor: { name: "bob" },
    ...overrides,
    request: { method: "GET", ...overrides.request },
    target: { repository, ...overrides.target },
  });
}

const NOT_A_MANIFEST = { mediaType: undefined, references: undefined, size: undefined, length: undefined };

/** A manifest delete (digest only, as distribution 2.8.2 sends it), two seconds after the default push. */
export function buildDeleteDigest(repository: string, overrides: Overrides<RawEvent> = {}): RawEvent {
  return buildEvent({
    action: "delete",
    timestamp: "2026-11-27T01:37:47Z",
    ...overrides,
    request: { method: "DELETE", ...overrides.request },
    target: { ...NOT_A_MANIFEST, tag: undefined, repository, ...overrides.target },
  });
}

/** A tag delete (tag only). */
export function buildDeleteTag(repository: string, overrides: Overrides<RawEvent> = {}): RawEvent {
  return buildDeleteDigest(repository, {
    ...overrides,
    target: { digest: undefined, tag: "1.0", ...overrides.target },
  });
}

/** A repository delete (neither digest nor tag, as distribution 3 sends it). */
export function buildDeleteRepository(repository: string, overrides: Overrides<RawEvent> = {}): RawEvent {
  return buildDeleteDigest(repository, { ...overrides, target: { digest: undefined, ...overrides.target } });
}

/** A snapshot without the fields that differ between equivalent runs (arrival time, repository name). */
export function comparable(snap: RepositorySnapshot): unknown {
  const DIFFERING = new Set(["createdAt", "repository", "repositoryname"]);
  const rename = (doc: Record<string, unknown>) => ({
    ...Object.fromEntries(Object.entries(doc).filter(([key]) => !DIFFERING.has(key))),
    ...(doc.repositoryname === undefined ? {} : { repositoryname: "R" }),
  });
  return {
    repository: snap.repository ? rename(snap.repository) : null,
    tags: snap.tags.map(rename),
    digests: snap.digests.map(rename),
    actors: snap.actors.map(rename),
    daily: snap.daily.map(rename),
  };
}
