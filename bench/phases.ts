// The timed phases of one growth step: queries (GraphQL and raw), the raw-upsert ceiling and ingest,
// each with CPU and RSS accounting, plus the exactly-once check of the counters. drec acknowledges an
// event once it is stored and applies statistics afterwards: each ingest phase waits for drec's apply
// backlog to drain and reports both rates (acknowledged, applied).
import type { Db, ObjectId } from "mongodb";
import { ApplyMetrics, applyDelta, type DrainResult } from "./apply-metrics";
import { runCeilingPhase } from "./ceiling";
import { repoName, type ZipfPicker } from "./catalog";
import type { DrecProcess } from "./drec-process";
import { send, type ConnectionMode } from "./http-client";
import { CpuMeter, settle, type CpuUse } from "./load";
import type { BenchOptions } from "./options";
import { progress } from "./progress";
import { QUERY_KINDS, QUERY_LABELS, runQueryPhase, type QuerySetup } from "./query";
import { pct, rate } from "./format";
import { ceilingRatio, type ApplyRow, type CountCheck, type GrowthStep } from "./results";
import type { RssPeaks, RssSampler } from "./sampler";
import { runIngestPhase } from "./senders";
import { EVENTS_MEDIA_TYPE, SessionGenerator } from "./workload";
import { ratio, type LatencySummary } from "./stats";

/** drec's per-repository collection (the default mongodb.collection). */
export const REPOSITORIES = "registry-stats";
/** drec's ingest route (the default server.route). */
export const EVENTS_ROUTE = "/events";
/** drec's GraphQL path (the default graphql.path). */
export const GRAPHQL_PATH = "/graphql";
const MB = 1024 * 1024;

/** Shared state of a run. */
export interface Run {
  options: BenchOptions;
  drec: DrecProcess;
  sampler: RssSampler;
  db: Db;
  ceilingDb: Db;
  failures: string[];
  /** Seed for the PRNGs of the next phase. */
  seed: number;
  /** Names of the seeded "migrated" repositories and their ObjectIds (the rest use their name). */
  legacyIds: Map<string, ObjectId>;
}

/**
 * Runs one timed phase with CPU and RSS accounting, then `after` (inside the accounting: e.g. waiting
 * for drec to apply what it acknowledged), then waits for drec to go idle; fails if drec died.
 */
export async function measured<T, A = undefined>(
  run: Run,
  work: () => Promise<T>,
  after?: () => Promise<A>,
): Promise<{ value: T; after: A | undefined; cpu: CpuUse; rss: RssPeaks }> {
  run.sampler.resetPhase();
  const meter = new CpuMeter(run.drec.pid, run.drec.ferretPid);
  const value = await work();
  const afterValue = after ? await after() : undefined;
  const cpu = meter.stop();
  const rss = run.sampler.phasePeak();
  if (!run.drec.alive())
    throw new Error(`drec ${run.drec.exitReason()} during the run:\n${run.drec.outputTail()}`);
  const waited = await settle(run.drec.pid, run.drec.ferretPid, run.options.settleSeconds);
  if (waited > 2) progress(`  (waited ${waited.toFixed(0)} s for drec and its database to go idle)`);
  return { value, after: afterValue, cpu, rss };
}

// More than 1 % of requests failing or timing out is a real failure; slowness never is.
function checkErrors(run: Run, what: string, errors: number, requests: number, detail?: string): void {
  if (requests > 0 && errors / requests > 0.01)
    run.failures.push(
      `${what}: ${errors} of ${requests} requests failed or timed out${detail ? ` (${detail})` : ""}`,
    );
}

// GraphQL over raw for one percentile; NaN when either side is only a lower bound.
function exactRatio(g: LatencySummary | undefined, raw: LatencySummary, key: "p50" | "p99"): number {
  if (!g || g.atLeast.includes(key) || raw.atLeast.includes(key)) return Number.NaN;
  return ratio(g[key], raw[key]);
}

const cut = (abandoned: number) => (abandoned > 0 ? `, ${abandoned} unfinished at the phase cap` : "");

/** Waits until drec's apply backlog is 0 (at most the drain cap); undefined without the metric. */
async function drained(run: Run): Promise<DrainResult | undefined> {
  const metrics = new ApplyMetrics(run.drec.endpoint);
  try {
    return await metrics.drain(run.options.drainCapSeconds);
  } finally {
    metrics.close();
  }
}

/**
 * One untimed write to each database and one untimed read after seeding: the first write after a bulk
 * insert pays SQLite's WAL checkpoint of the whole seed (seconds at R = 100,000), which is a seeding
 * artifact, not a cost of drec or of the ceiling. drec's write is applied after its answer: wait for it.
 */
export async function warmUp(run: Run, zipf: ZipfPicker): Promise<number> {
  const started = Date.now();
  const event = new SessionGenerator(zipf, 424242).next();
  const headers = { authorization: `Bearer ${run.drec.token}`, "content-type": EVENTS_MEDIA_TYPE };
  await send(run.drec.endpoint, false, "POST", EVENTS_ROUTE, headers, event.body, run.options.timeoutMs);
  await drained(run);
  await run.ceilingDb
    .collection(REPOSITORIES)
    .updateOne({ repositoryname: repoName(0) }, { $inc: { numpulls: 0 } }, { upsert: true });
  await run.db.collection(REPOSITORIES).find({}).limit(1).toArray();
  await settle(run.drec.pid, run.drec.ferretPid, run.options.settleSeconds);
  return (Date.now() - started) / 1000;
}

/** Times every query kind over GraphQL (when mounted) and through the raw driver. */
export async function queryPhases(
  run: Run,
  R: number,
  zipf: ZipfPicker,
  graphqlUp: boolean,
): Promise<GrowthStep["queries"]> {
  const setup: QuerySetup = {
    endpoint: run.drec.endpoint,
    graphqlPath: GRAPHQL_PATH,
    db: run.db,
    repositories: REPOSITORIES,
    repositoryId: (name) => run.legacyIds.get(name) ?? name,
    zipf,
    deepPages: run.options.deepPages,
    concurrency: run.options.queryConcurrency(R),
    seconds: run.options.phaseSeconds(R),
    capSeconds: run.options.capSeconds(R),
    timeoutMs: run.options.timeoutMs,
  };
  const rows: GrowthStep["queries"] = [];
  for (const kind of QUERY_KINDS) {
    // Both sides get the same seed, so they read the same repositories in the same order.
    const seed = run.seed++;
    const graphql = graphqlUp ? await measured(run, () => runQueryPhase(setup, kind, "graphql", seed)) : null;
    const raw = await measured(run, () => runQueryPhase(setup, kind, "raw", seed));
    const g = graphql ? { ...graphql.value, rss: graphql.rss } : null;
    if (g) checkErrors(run, `R=${R} GraphQL ${kind}`, g.errors, g.requests, g.firstError);
    checkErrors(run, `R=${R} raw ${kind}`, raw.value.errors, raw.value.requests, raw.value.firstError);
    rows.push({
      repositories: R,
      kind,
      graphql: g,
      raw: raw.value,
      ratioP50: exactRatio(g?.latency, raw.value.latency, "p50"),
      ratioP99: exactRatio(g?.latency, raw.value.latency, "p99"),
    });
    const gql = g
      ? `GraphQL p50 ${pct(g.latency, "p50")} / p99 ${pct(g.latency, "p99")} ms (n=${g.latency.n}${cut(g.abandoned)})`
      : "GraphQL n/a";
    progress(
      `R=${R} query ${QUERY_LABELS[kind]}: ${gql}; raw p50 ${pct(raw.value.latency, "p50")} / ` +
        `p99 ${pct(raw.value.latency, "p99")} ms (n=${raw.value.latency.n}${cut(raw.value.abandoned)})`,
    );
  }
  return rows;
}

// One accumulator per $group: FerretDB 1.24 returns 0 for every accumulator after the first.
// A full scan on FerretDB (seconds at R = 100,000), paid at every R because the exactly-once check is
// only worth something where the load is largest. One aggregate per sum: FerretDB 1.24 answers a
// second $sum in the same $group with 0 (the check caught it: "counters moved by ... 0 pushes").
async function counterSums(db: Db): Promise<{ pulls: number; pushes: number }> {
  const sum = async (field: string) => {
    const [row] = await db
      .collection(REPOSITORIES)
      .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: `$${field}` } } }])
      .toArray();
    return row?.total ?? 0;
  };
  return { pulls: await sum("numpulls"), pushes: await sum("numpushs") };
}

/** The ceiling and drec's ingest (fresh and keep-alive) at C = 1 and 8, then the exactly-once check. */
export async function ingestPhases(run: Run, R: number, zipf: ZipfPicker, step: GrowthStep): Promise<void> {
  const before = await counterSums(run.db);
  const ingest: NonNullable<GrowthStep["ingest"]> = [];
  const seconds = run.options.phaseSeconds(R);
  const cap = run.options.capSeconds(R);
  const ceilingCollection = run.ceilingDb.collection<{ _id: string }>(REPOSITORIES);
  for (const concurrency of run.options.ingestConcurrency(R)) {
    const ceiling = await measured(run, () =>
      runCeilingPhase(ceilingCollection, zipf, concurrency, seconds, cap, run.seed++),
    );
    const c = ceiling.value;
    step.ceiling.push({ ...c, repositories: R, cpu: ceiling.cpu });
    checkErrors(run, `R=${R} ceiling C=${concurrency}`, c.errors, c.operations + c.errors);
    progress(
      `R=${R} ceiling C=${concurrency}: ${rate(c.opsPerSecond)} upserts/s, ` +
        `p50 ${pct(c.latency, "p50")} / p99 ${pct(c.latency, "p99")} ms${cut(c.abandoned)}`,
    );
    for (const mode of ["fresh", "keep-alive"] as ConnectionMode[]) {
      const metrics = new ApplyMetrics(run.drec.endpoint);
      const applyStart = await metrics.snapshot();
      const phase = await measured(
        run,
        () =>
          runIngestPhase({
            endpoint: run.drec.endpoint,
            route: EVENTS_ROUTE,
            token: run.drec.token,
            mode,
            concurrency,
            seconds,
            capSeconds: cap,
            zipf,
            seed: run.seed++,
            timeoutMs: run.options.timeoutMs,
          }),
        // The drain belongs to the phase: its CPU and RSS are the cost of the events just sent.
        async () => {
          if (!applyStart) return undefined;
          const drain = await metrics.drain(run.options.drainCapSeconds);
          const end = drain ? await metrics.snapshot() : undefined;
          return drain && end ? { drain, end } : undefined;
        },
      ).finally(() => metrics.close());
      const row = {
        ...phase.value,
        repositories: R,
        cpu: phase.cpu,
        rss: phase.rss,
        ceilingRatio: 0,
        apply: null as ApplyRow | null,
      };
      row.ceilingRatio = ceilingRatio(row, c);
      const manifest = row.manifestPulls + row.manifestPushes;
      if (applyStart && phase.after) {
        const { drain, end } = phase.after;
        const delta = applyDelta(applyStart, end);
        const applied = manifest / (row.seconds + drain.seconds);
        row.apply = {
          drainSeconds: drain.seconds,
          drainCapped: drain.capped,
          backlogLeft: drain.backlog,
          appliedManifestPerSecond: applied,
          appliedCeilingRatio: ratio(applied, c.opsPerSecond),
          batches: delta.batches,
          batchEvents: delta.events,
          meanBatch: delta.meanBatch,
          lagP99: delta.lagP99,
        };
      }
      ingest.push(row);
      checkErrors(
        run,
        `R=${R} ingest ${mode} C=${concurrency}`,
        row.errors,
        row.requests,
        JSON.stringify(row.statuses),
      );
      if (row.tally.rejected > 0)
        run.failures.push(`R=${R} ingest ${mode}: drec rejected ${row.tally.rejected} events`);
      const a = row.apply;
      if (a?.drainCapped)
        progress(
          `  drain cap hit: ${a.backlogLeft} events unapplied after ${a.drainSeconds.toFixed(0)} s; drec's last ` +
            `log lines:\n${run.drec.outputTail() || "(none)"}`,
        );
      const applyText = a
        ? `drained in ${a.drainSeconds.toFixed(1)} s${a.drainCapped ? ` (CAP, ${a.backlogLeft} left)` : ""}, ` +
          `${rate(a.appliedManifestPerSecond)} applied manifest/s (${a.appliedCeilingRatio.toFixed(2)}x), ` +
          `${Number.isFinite(a.meanBatch) ? a.meanBatch.toFixed(1) : "–"} events/batch`
        : "no apply backlog on /metrics";
      progress(
        `R=${R} ingest ${mode} C=${concurrency}: ${rate(row.eventsPerSecond)} events/s, ` +
          `${rate(row.manifestPerSecond)} acknowledged manifest/s (${row.ceilingRatio.toFixed(2)}x ceiling), ` +
          `p50 ${pct(row.manifestLatency, "p50")} / p99 ${pct(row.manifestLatency, "p99")} ms, ` +
          `errors ${row.errors}${cut(row.abandoned)}; ${applyText}; drec RSS ${(row.rss.drec / MB).toFixed(0)} MB`,
      );
    }
  }
  step.ingest = ingest;
  step.check = await countCheck(run, R, ingest, before);
}

// Counters must have moved by exactly the counted events drec acknowledged. Events that failed or were
// abandoned may or may not have been applied, so a mismatch only counts as a failure without them.
async function countCheck(
  run: Run,
  R: number,
  ingest: NonNullable<GrowthStep["ingest"]>,
  before: { pulls: number; pushes: number },
): Promise<CountCheck> {
  // Every phase drained already; this only matters when a drain hit its cap.
  const unapplied = (await drained(run))?.backlog ?? 0;
  const after = await counterSums(run.db);
  const uncertain = ingest.reduce((n, row) => n + row.errors + row.abandoned, 0);
  const check: CountCheck = {
    repositories: R,
    expectedPulls: ingest.reduce((n, row) => n + row.manifestPulls, 0),
    actualPulls: after.pulls - before.pulls,
    expectedPushes: ingest.reduce((n, row) => n + row.manifestPushes, 0),
    actualPushes: after.pushes - before.pushes,
    uncertain,
    unapplied,
    ok: false,
  };
  check.ok = check.expectedPulls === check.actualPulls && check.expectedPushes === check.actualPushes;
  if (!check.ok && uncertain === 0 && unapplied === 0)
    run.failures.push(
      `R=${R}: counters moved by ${check.actualPulls} pulls / ${check.actualPushes} pushes, ` +
        `but drec acknowledged ${check.expectedPulls} / ${check.expectedPushes}`,
    );
  return check;
}
