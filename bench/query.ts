// Query load: the API's typical reads over GraphQL (HTTPS, keep-alive) and the equivalent raw driver
// queries, at the same concurrency, so the API's own overhead shows as a ratio. drec answers the list
// queries from its in-memory read model; their raw side is what the database needs for the same page
// (find, sort, limit: a full scan on FerretDB), so there the ratio compares drec with having no read model.
import type { Collection, Db, Document } from "mongodb";
import { dailyId, tagId } from "../src/store/document-keys";
import { ACTIVE_REPOSITORIES, repoName, repoTags, rng, SEARCH_TERMS, type ZipfPicker } from "./catalog";
import { agentFor, send, type Endpoint, type HttpResult } from "./http-client";
import { runFor, timeInto } from "./load";
import { STALE_LABEL, STALE_QUERY, staleRaw } from "./query-stale";
import { COLLECTIONS } from "./seed";
import { Samples, type LatencySummary } from "./stats";

/** The timed queries. */
export type QueryKind = "top" | "search" | "deep" | "repository" | "stale";

/** Every query kind, in report order. */
export const QUERY_KINDS: QueryKind[] = ["top", "search", "deep", "repository", "stale"];

/** How each query kind is labelled in the report. */
export const QUERY_LABELS: Record<QueryKind, string> = {
  top: "repositories(first: 20, PULLS DESC)",
  search: "repositories(filter: {search})",
  deep: "cursor pages 2..N (endCursor)",
  repository: "repository(name){tags(10) activity(30)}",
  stale: STALE_LABEL,
};

/** Where the queries go and how hard. */
export interface QuerySetup {
  endpoint: Endpoint;
  graphqlPath: string;
  db: Db;
  /** drec's per-repository collection name. */
  repositories: string;
  /** The `_id` of a repository's document (its name, or the ObjectId of a migrated one). */
  repositoryId: (name: string) => unknown;
  zipf: ZipfPicker;
  /** Pages followed by the deep-page walk. */
  deepPages: number;
  concurrency: number;
  seconds: number;
  /** Seconds after which queries still running are abandoned (see runFor). */
  capSeconds: number;
  timeoutMs: number;
}

/** Outcome of one query phase. */
export interface QueryPhaseResult {
  kind: QueryKind;
  via: "graphql" | "raw";
  concurrency: number;
  seconds: number;
  requests: number;
  errors: number;
  /** Queries still running when the phase cap ended the phase. */
  abandoned: number;
  latency: LatencySummary;
  firstError?: string;
}

const CONNECTION_FIELDS = `edges { cursor node { name pullCount pushCount starCount lastPulledAt lastPushedAt } }
  pageInfo { endCursor hasNextPage }`;

const GQL = {
  top: `query Top { repositories(first: 20, orderBy: {field: PULLS, direction: DESC}) { ${CONNECTION_FIELDS} } }`,
  search: `query Search($q: String!) {
    repositories(first: 20, filter: {search: $q}, orderBy: {field: PULLS, direction: DESC}) { ${CONNECTION_FIELDS} } }`,
  page: `query Page($after: String) {
    repositories(first: 20, after: $after, orderBy: {field: PULLS, direction: DESC}) { ${CONNECTION_FIELDS} } }`,
  repository: `query Repo($name: String!) { repository(name: $name) {
    name pullCount pushCount starCount lastPulledAt
    tags(first: 10) { nodes { name digest pullCount pushCount lastPushedAt lastPulledAt } pageInfo { hasNextPage } }
    activity(days: 30) { date pullCount pushCount } } }`,
};

const PROJECTION = { starredBy: 0, inflight: 0 };
const TOP_SORT = { numpulls: -1, repositoryname: 1 } as const;

interface GraphQLAnswer {
  data?: {
    repositories?: { edges: { cursor: string }[]; pageInfo: { endCursor: string | null } };
    repository?: { name: string } | null;
  };
  errors?: { message: string }[];
}

/** Whether drec serves GraphQL at `path` (a 404 means the API is not mounted). */
export async function graphqlAvailable(endpoint: Endpoint, path: string): Promise<boolean> {
  const body = JSON.stringify({ query: "{ __typename }" });
  const result = await send(
    endpoint,
    false,
    "POST",
    path,
    { "content-type": "application/json" },
    body,
    10_000,
  );
  return result.status !== 404 && result.status !== 0;
}

/**
 * Seconds until a one-item repositories list answers: drec loads the read model lists are served from
 * in the background after start, and lists wait for it. undefined when the query failed.
 */
export async function firstListSeconds(
  endpoint: Endpoint,
  path: string,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = Date.now();
  const body = JSON.stringify({ query: "{ repositories(first: 1) { pageInfo { hasNextPage } } }" });
  const headers = { "content-type": "application/json" };
  const result = await send(endpoint, false, "POST", path, headers, body, timeoutMs);
  if (result.status !== 200) return undefined;
  const answer = JSON.parse(result.body) as GraphQLAnswer;
  return answer.errors?.length || !answer.data?.repositories ? undefined : (Date.now() - started) / 1000;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The UTC days (YYYY-MM-DD) of the last `days` days ending today. */
function lastDays(days: number): string[] {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

type Step = (worker: number, signal: AbortSignal) => Promise<void>;

/** Runs one query kind over GraphQL or the raw driver for the setup's duration. */
export async function runQueryPhase(
  setup: QuerySetup,
  kind: QueryKind,
  via: "graphql" | "raw",
  seed: number,
): Promise<QueryPhaseResult> {
  const random = rng(seed);
  const samples = new Samples();
  let errors = 0;
  let firstError: string | undefined;
  const fail = (message: string) => {
    errors += 1;
    firstError ??= message;
  };
  const agent = agentFor("keep-alive", setup.endpoint, setup.concurrency);
  const repos = setup.db.collection(setup.repositories);

  // One GraphQL request, timed into the samples; undefined when it failed or was abandoned.
  const gql = async (
    signal: AbortSignal,
    query: string,
    variables: Record<string, unknown>,
    record = true,
  ) => {
    const body = JSON.stringify({ query, variables });
    const headers = { "content-type": "application/json" };
    const { endpoint, graphqlPath, timeoutMs } = setup;
    const post = () => send(endpoint, agent, "POST", graphqlPath, headers, body, timeoutMs, signal);
    const answerOf = (r: HttpResult) =>
      r.status === 200 ? (JSON.parse(r.body) as GraphQLAnswer) : undefined;
    const timed = await timeInto(
      record ? [samples] : [],
      signal,
      post,
      (r) => !answerOf(r)?.errors?.length && r.status === 200,
    );
    if (!timed.ok) return void (timed.error !== undefined && fail(String(timed.error)));
    const answer = answerOf(timed.value);
    if (!answer)
      return void fail(timed.value.error ?? `HTTP ${timed.value.status}: ${timed.value.body.slice(0, 200)}`);
    if (answer.errors?.length) return void fail(answer.errors[0].message);
    return answer;
  };
  // One raw driver query, timed into the samples.
  const raw = async <T>(
    signal: AbortSignal,
    work: () => Promise<T>,
    record = true,
  ): Promise<T | undefined> => {
    const timed = await timeInto(record ? [samples] : [], signal, work);
    if (timed.ok) return timed.value;
    if (timed.error !== undefined) fail((timed.error as Error).message);
    return undefined;
  };
  const top = () => repos.find({}, { projection: PROJECTION }).sort(TOP_SORT).limit(21).toArray();
  const pick = () => setup.zipf.pick(random());
  const term = () => SEARCH_TERMS[Math.floor(random() * SEARCH_TERMS.length)];

  const steps: Record<QueryKind, () => Promise<Step>> = {
    top: async () => async (_worker, signal) => {
      if (via === "graphql") await gql(signal, GQL.top, {});
      else await raw(signal, top);
    },
    search: async () => async (_worker, signal) => {
      const q = term();
      if (via === "graphql") await gql(signal, GQL.search, { q });
      else {
        const filter = { repositoryname: { $regex: escapeRegex(q), $options: "i" } };
        await raw(signal, () =>
          repos.find(filter, { projection: PROJECTION }).sort(TOP_SORT).limit(21).toArray(),
        );
      }
    },
    deep: () => (via === "graphql" ? deepGraphql() : deepRaw()),
    repository: async () => async (_worker, signal) => {
      const i = pick();
      const name = repoName(i);
      if (via === "graphql") {
        const answer = await gql(signal, GQL.repository, { name });
        if (answer && !answer.data?.repository) fail(`repository ${name} not found`);
        return;
      }
      await raw(signal, () => repositoryRaw(setup.db, repos, i, setup.repositoryId(name)));
    },
    stale: async () => async (_worker, signal) => {
      if (via === "graphql") await gql(signal, STALE_QUERY, {});
      else await raw(signal, () => staleRaw(setup.db));
    },
  };

  // Deep pages: every worker follows endCursor from page 2 to N, then starts over from page 1's cursor,
  // which is fetched once before the phase; each step is one timed page.
  const deepGraphql = async (): Promise<Step> => {
    const first = await gql(new AbortController().signal, GQL.page, { after: null }, false);
    const start = first?.data?.repositories?.pageInfo.endCursor ?? null;
    const cursors = new Map<number, { after: string | null; page: number }>();
    return async (worker, signal) => {
      const at = cursors.get(worker) ?? { after: start, page: 2 };
      const answer = await gql(signal, GQL.page, { after: at.after });
      const next = answer?.data?.repositories?.pageInfo.endCursor ?? null;
      cursors.set(
        worker,
        next && at.page < setup.deepPages ? { after: next, page: at.page + 1 } : { after: start, page: 2 },
      );
    };
  };
  const deepRaw = async (): Promise<Step> => {
    const first = await top();
    const state = new Map<number, { last: Document | undefined; page: number }>();
    return async (worker, signal) => {
      const at = state.get(worker) ?? { last: first[19], page: 2 };
      const docs = at.last
        ? await raw(signal, () =>
            repos
              .find(afterFilter(at.last as Document), { projection: PROJECTION })
              .sort(TOP_SORT)
              .limit(21)
              .toArray(),
          )
        : [];
      const next = docs && docs.length > 20 ? docs[19] : undefined;
      state.set(
        worker,
        next && at.page < setup.deepPages ? { last: next, page: at.page + 1 } : { last: first[19], page: 2 },
      );
    };
  };

  const step = await steps[kind]();
  const timing = await runFor(setup.concurrency, setup.seconds, setup.capSeconds, step);
  if (agent) agent.destroy();
  const latency = samples.summary();
  return {
    kind,
    via,
    concurrency: setup.concurrency,
    seconds: timing.seconds,
    requests: latency.n - latency.censored + errors,
    errors,
    abandoned: timing.abandoned,
    latency,
    firstError,
  };
}

// The keyset condition after the last document of a page ordered by numpulls desc, name asc; the same
// condition drec's repository service builds.
function afterFilter(last: Document): Document {
  if (last.numpulls === null || last.numpulls === undefined)
    return { numpulls: null, repositoryname: { $gt: last.repositoryname } };
  return {
    $or: [
      { numpulls: { $lt: last.numpulls } },
      { numpulls: last.numpulls, repositoryname: { $gt: last.repositoryname } },
      { numpulls: null },
    ],
  };
}

// repository(name) with tags(first: 10) and activity(days: 30), read the way drec reads them: the
// document by `_id` (with the name), the first tags by `_id` (drec takes their names from its in-memory
// tag index; here they come from the catalog, so tags pushed during the run are not among them), and
// the 30 daily buckets by `_id`. FerretDB answers only `_id` conditions from an index.
async function repositoryRaw(db: Db, repos: Collection, i: number, id: unknown): Promise<void> {
  const name = repoName(i);
  const doc = await repos.findOne({ _id: id, repositoryname: name } as Document, { projection: PROJECTION });
  if (!doc) throw new Error(`repository ${name} not found`);
  const tags = i < ACTIVE_REPOSITORIES ? [...repoTags(i)].sort().slice(0, 10) : [];
  await Promise.all([
    tags.length
      ? db
          .collection(COLLECTIONS.tags)
          .find({ _id: { $in: tags.map((tag) => tagId(name, tag)) } } as Document, {
            projection: { inflight: 0 },
          })
          .toArray()
      : [],
    db
      .collection(COLLECTIONS.daily)
      .find({ _id: { $in: lastDays(30).map((day) => dailyId(name, day)) } } as Document, {
        projection: { inflight: 0 },
      })
      .toArray(),
  ]);
}
