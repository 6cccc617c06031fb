// drec acknowledges an event once it is durable in the ledger and applies statistics afterwards, in
// batches. This reads drec's own account of that from GET /metrics (Prometheus text, no auth): the
// backlog gauge, the batch-size and apply-lag histograms; and waits for the backlog to drain.
import type https from "node:https";
import { agentFor, send, type Endpoint } from "./http-client";

/** drec's metrics path (src/http/metrics.routes.ts). */
export const METRICS_PATH = "/metrics";

const BACKLOG = "drec_ingest_apply_backlog";
const BATCH = "drec_ingest_apply_batch_events";
const LAG = "drec_ingest_apply_lag_seconds";

/** The apply metrics at one moment; histograms are cumulative since drec started. */
export interface ApplySnapshot {
  /** Events stored in the ledger but not yet applied. */
  backlog: number;
  batchSum: number;
  batchCount: number;
  /** Cumulative counts of the apply-lag histogram by upper bound (seconds; Infinity for +Inf). */
  lagBuckets: { le: number; count: number }[];
  lagCount: number;
}

/** The apply metrics of one phase: the difference of two snapshots. */
export interface ApplyDelta {
  batches: number;
  /** Events applied in those batches. */
  events: number;
  /** Mean events per batch; NaN when no batch ran. */
  meanBatch: number;
  /**
   * Upper bound of the bucket holding the 99th percentile of the apply lag (time from receiving an
   * event to its statistics being written), seconds; Infinity when above the largest bucket, NaN when
   * nothing was applied.
   */
  lagP99: number;
}

/** How a wait for the backlog ended. */
export interface DrainResult {
  seconds: number;
  /** True when the cap ended the wait with events still unapplied. */
  capped: boolean;
  /** Backlog when the wait ended (0 unless capped). */
  backlog: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// `name{labels} value` or `name value`; comments and blank lines are skipped.
/** Prometheus text as series name (with labels) -> value. */
export function parseMetrics(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    if (space < 0) continue;
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return series;
}

function snapshotOf(series: Map<string, number>): ApplySnapshot | undefined {
  const backlog = series.get(BACKLOG);
  if (backlog === undefined) return undefined;
  const lagBuckets: ApplySnapshot["lagBuckets"] = [];
  const bucket = new RegExp(`^${LAG}_bucket\\{le="([^"]+)"\\}$`);
  for (const [name, count] of series) {
    const match = bucket.exec(name);
    if (match) lagBuckets.push({ le: match[1] === "+Inf" ? Infinity : Number(match[1]), count });
  }
  lagBuckets.sort((a, b) => a.le - b.le);
  return {
    backlog,
    batchSum: series.get(`${BATCH}_sum`) ?? 0,
    batchCount: series.get(`${BATCH}_count`) ?? 0,
    lagBuckets,
    lagCount: series.get(`${LAG}_count`) ?? 0,
  };
}

/** Scrapes drec's apply metrics over one keep-alive connection (`close()` when done). */
export class ApplyMetrics {
  private readonly agent: https.Agent | false;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly timeoutMs = 10_000,
  ) {
    this.agent = agentFor("keep-alive", endpoint, 1);
  }

  /** The current apply metrics; undefined when drec does not export them (or /metrics failed). */
  async snapshot(): Promise<ApplySnapshot | undefined> {
    const result = await send(this.endpoint, this.agent, "GET", METRICS_PATH, {}, undefined, this.timeoutMs);
    return result.status === 200 ? snapshotOf(parseMetrics(result.body)) : undefined;
  }

  /**
   * Polls until the backlog is 0, at most `capSeconds`; undefined when drec exports no backlog. The
   * seconds are those waited (0 when nothing was left). The interval starts at `firstPollMs` and grows
   * by half each time up to `maxPollMs`: a scrape costs drec ~3 ms of CPU, which a long wait should not
   * add up, while short drains stay measured to a few tens of milliseconds.
   */
  async drain(capSeconds: number, firstPollMs = 20, maxPollMs = 250): Promise<DrainResult | undefined> {
    const started = Date.now();
    const deadline = started + capSeconds * 1000;
    for (let pollMs = firstPollMs; ; pollMs = Math.min(maxPollMs, pollMs * 1.5)) {
      const now = await this.snapshot();
      if (!now) return undefined;
      const seconds = (Date.now() - started) / 1000;
      if (now.backlog === 0) return { seconds, capped: false, backlog: 0 };
      if (Date.now() >= deadline) return { seconds, capped: true, backlog: now.backlog };
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    }
  }

  close(): void {
    if (this.agent) this.agent.destroy();
  }
}

/** What happened between two snapshots. */
export function applyDelta(before: ApplySnapshot, after: ApplySnapshot): ApplyDelta {
  const batches = after.batchCount - before.batchCount;
  const events = after.batchSum - before.batchSum;
  const lagged = after.lagCount - before.lagCount;
  let lagP99 = Number.NaN;
  if (lagged > 0) {
    const earlier = new Map(before.lagBuckets.map((b) => [b.le, b.count]));
    const bucket = after.lagBuckets.find((b) => b.count - (earlier.get(b.le) ?? 0) >= 0.99 * lagged);
    lagP99 = bucket?.le ?? Infinity;
  }
  return { batches, events, meanBatch: batches > 0 ? events / batches : Number.NaN, lagP99 };
}
