// The shape of a benchmark run's results (what --json prints) and the issue's targets evaluated on them.
import type { CeilingResult } from "./ceiling";
import type { CpuUse } from "./load";
import type { CommandTiming, ProfileSummary } from "./profile";
import type { QueryKind, QueryPhaseResult } from "./query";
import type { RssPeaks } from "./sampler";
import type { SeedResult } from "./seed";
import type { IngestPhaseResult } from "./senders";
import { pct } from "./format";
import { ratio } from "./stats";

/**
 * What happened after the acknowledgements: drec answers once an event is durable in its ledger and
 * applies statistics afterwards, in batches. The phase's figures wait for that backlog to drain.
 */
export interface ApplyRow {
  /** Seconds from the end of the phase until drec's apply backlog was 0 (or the cap). */
  drainSeconds: number;
  /** The cap ended the wait with events still unapplied. */
  drainCapped: boolean;
  /** Backlog left when the wait ended (0 unless capped). */
  backlogLeft: number;
  /** Acknowledged manifest events divided by (phase seconds + drain seconds). */
  appliedManifestPerSecond: number;
  /** appliedManifestPerSecond divided by the raw-upsert ceiling's ops/s at the same concurrency. */
  appliedCeilingRatio: number;
  /** Batches drec applied during the phase and the drain, the events in them, and the mean per batch. */
  batches: number;
  batchEvents: number;
  meanBatch: number;
  /** Upper bound (a histogram bucket) of the apply lag's 99th percentile, seconds. */
  lagP99: number;
}

/** One ingest phase with its resource use and its ratio to the ceiling at the same concurrency. */
export interface IngestRow extends IngestPhaseResult {
  repositories: number;
  /** CPU of the phase and of the drain after it. */
  cpu: CpuUse;
  rss: RssPeaks;
  /**
   * Acknowledged manifest (counted) events/s divided by the raw-upsert ceiling's ops/s at the same
   * concurrency (statistics may still trail; see apply).
   */
  ceilingRatio: number;
  /** null when drec exports no apply backlog on /metrics. */
  apply: ApplyRow | null;
}

/** drec's restart after a seeding step (it loads legacy ids and its read model at start). */
export interface RestartRow {
  /** From SIGTERM until drec and its database had exited. */
  stopSeconds: number;
  /** From spawning drec until /readyz answered 200. */
  startSeconds: number;
  /**
   * From /readyz until the first GraphQL list answered: the read model's first load, which runs in the
   * background after start; null without GraphQL or when the query failed.
   */
  readModelSeconds: number | null;
  /** stop + start + read model. */
  totalSeconds: number;
}

/** One raw-upsert ceiling phase. */
export interface CeilingRow extends CeilingResult {
  repositories: number;
  cpu: CpuUse;
}

/** One query kind: GraphQL (null when the API is not mounted) against the raw driver. */
export interface QueryRow {
  repositories: number;
  kind: QueryKind;
  graphql: (QueryPhaseResult & { rss: RssPeaks }) | null;
  raw: QueryPhaseResult;
  /** GraphQL p50 and p99 divided by the raw query's. */
  ratioP50: number;
  ratioP99: number;
}

/** Whether drec's counters moved exactly by the events it acknowledged. */
export interface CountCheck {
  repositories: number;
  expectedPulls: number;
  actualPulls: number;
  expectedPushes: number;
  actualPushes: number;
  /** Requests that failed or were abandoned: they may or may not have been applied. */
  uncertain: number;
  /** Events still in drec's apply backlog when the counters were read (the drain hit its cap). */
  unapplied: number;
  ok: boolean;
}

/** Everything measured at one repository count R. */
export interface GrowthStep {
  repositories: number;
  seed: SeedResult;
  ceilingSeed: SeedResult;
  /**
   * drec's restart after seeding this step: a cold start, since the seed wrote behind drec's back (the
   * benchmark resets the change log's head, so no snapshot is used and the read model reads everything).
   */
  restart: RestartRow;
  /** A second restart right after: warm, from the read model snapshot and the change log. */
  warmRestart: RestartRow | null;
  /** null when POST /events answered 404 (ingest not mounted). */
  ingest: IngestRow[] | null;
  ceiling: CeilingRow[];
  queries: QueryRow[];
  check?: CountCheck;
}

/** One of the issue's targets at one R. */
export interface TargetRow {
  target: string;
  repositories: number;
  value: string;
  /** null when it could not be measured (API not available). */
  met: boolean | null;
}

/** A whole benchmark run. */
export interface BenchResults {
  meta: {
    date: string;
    mode: "quick" | "full" | "custom";
    machine: { cpus: number; cpuModel: string; memoryGiB: number; kernel: string };
    node: string;
    database: string;
    tls: string;
    phaseSeconds: Record<string, number>;
    /** 1-minute load average at the start and the end: other work on the machine skews every figure. */
    loadAverage: { start: number; end: number };
    totalSeconds: number;
  };
  steps: GrowthStep[];
  rssPeak: RssPeaks;
  targets: TargetRow[];
  failures: string[];
  profile?: { cpu?: ProfileSummary; commands: CommandTiming[] };
}

const MB = 1024 * 1024;

// The acknowledged ratio the target is judged on, with the applied one (statistics written) beside it.
function ratioText(row: IngestRow): string {
  const applied = row.apply ? `, applied ${row.apply.appliedCeilingRatio.toFixed(2)}x` : "";
  return `${row.ceilingRatio.toFixed(2)}x acknowledged${applied}`;
}

// Without a drain measurement nothing says the statistics were applied: NaN fails the target.
const appliedRatio = (row: IngestRow) => row.apply?.appliedCeilingRatio ?? Number.NaN;

// Issue 14's read target: one repository's page with its tags and activity, p99 within 2x the raw
// driver's same reads and under 20 ms.
function repositoryQueryTarget(R: number, measured: QueryRow[]): TargetRow {
  const row = measured.find((q) => q.kind === "repository");
  const target = `repository(name){tags(10) activity(30)}: p99 <= 2x raw and < 20 ms`;
  if (!row?.graphql) return { target, repositories: R, value: "n/a (API not available)", met: null };
  const p99 = row.graphql.latency.p99;
  return {
    target,
    repositories: R,
    value: `${pct(row.graphql.latency, "p99")} ms, raw ${pct(row.raw.latency, "p99")} ms (${row.ratioP99.toFixed(2)}x)`,
    met: p99 < 20 && row.ratioP99 <= 2,
  };
}

/** Evaluates the issue's targets on the measured steps. */
export function evaluateTargets(steps: GrowthStep[], rssPeak: RssPeaks): TargetRow[] {
  const rows: TargetRow[] = [];
  const largest = Math.max(...steps.map((s) => s.repositories));
  for (const step of steps) {
    const R = step.repositories;
    const find = (mode: string) => step.ingest?.find((row) => row.mode === mode && row.concurrency === 8);
    const keep = find("keep-alive");
    const notRun = step.ingest === null ? "n/a (ingest not available)" : "n/a (C=8 not run at this R)";
    const fresh = find("fresh");
    // Issue 14 judges the rate statistics are applied at; the acknowledged one is shown beside it.
    rows.push({
      target: "ingest keep-alive C=8: applied >= 0.5x ceiling",
      repositories: R,
      value: keep ? ratioText(keep) : notRun,
      met: keep ? appliedRatio(keep) >= 0.5 : null,
    });
    rows.push({
      target: "ingest keep-alive C=8: p99 < 50 ms (manifest events)",
      repositories: R,
      value: keep ? `${pct(keep.manifestLatency, "p99")} ms` : notRun,
      met: keep ? keep.manifestLatency.p99 < 50 : null,
    });
    rows.push({
      target: "ingest fresh TLS C=8: applied >= 0.3x ceiling",
      repositories: R,
      value: fresh ? ratioText(fresh) : notRun,
      met: fresh ? appliedRatio(fresh) >= 0.3 : null,
    });
    const measured = step.queries.filter((q) => q.graphql !== null);
    if (step.queries.length === 0) continue;
    const ratios = measured.map((q) => q.ratioP99).filter((r) => Number.isFinite(r));
    const unknown = measured.length - ratios.length;
    rows.push({
      target: "queries: GraphQL p99 <= 2x raw driver p99",
      repositories: R,
      value: !measured.length
        ? "n/a (API not available)"
        : ratios.length
          ? `worst ${Math.max(...ratios).toFixed(2)}x${unknown ? ` (${unknown} only lower bounds)` : ""}`
          : "n/a (only lower bounds)",
      met: ratios.length ? ratios.every((r) => r <= 2) : null,
    });
    if (R === largest) rows.push(repositoryQueryTarget(R, measured));
    if (R === largest) {
      const slowest = measured.reduce<QueryRow | undefined>(
        (worst, q) =>
          !worst || (q.graphql?.latency.p99 ?? 0) > (worst.graphql?.latency.p99 ?? 0) ? q : worst,
        undefined,
      );
      rows.push({
        target: `queries: p99 < 20 ms at R=${R.toLocaleString("en-US")}`,
        repositories: R,
        value: slowest?.graphql
          ? `slowest ${pct(slowest.graphql.latency, "p99")} ms (C=${slowest.graphql.concurrency})`
          : "n/a (API not available)",
        met: measured.length ? measured.every((q) => (q.graphql?.latency.p99 ?? Infinity) < 20) : null,
      });
    }
  }
  const last = steps.find((s) => s.repositories === largest);
  const warm = last?.warmRestart;
  const listAfter = warm && warm.readModelSeconds !== null ? warm.startSeconds + warm.readModelSeconds : null;
  rows.push({
    target: "restart: first list within 5 s of spawning drec (warm)",
    repositories: largest,
    value:
      listAfter === null
        ? "n/a (no warm restart or no GraphQL)"
        : `${listAfter.toFixed(1)} s (start ${warm!.startSeconds.toFixed(1)}, list ${warm!.readModelSeconds!.toFixed(1)}); cold ${(last!.restart.startSeconds + (last!.restart.readModelSeconds ?? 0)).toFixed(1)} s`,
    met: listAfter === null ? null : listAfter < 5,
  });
  rows.push({
    target: "drec peak RSS < 250 MB",
    repositories: largest,
    value: `${(rssPeak.drec / MB).toFixed(0)} MB`,
    met: rssPeak.drec < 250 * MB,
  });
  return rows;
}

/** The ratio of drec's acknowledged counted events/s to the ceiling at the same concurrency. */
export function ceilingRatio(row: IngestPhaseResult, ceiling: CeilingResult | undefined): number {
  return ratio(row.manifestPerSecond, ceiling?.opsPerSecond ?? Number.NaN);
}
