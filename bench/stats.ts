// Latency samples and their percentiles (nearest-rank, no interpolation: every figure is a real sample).
// A request abandoned at a phase's cap is a censored sample: its latency is at least the time it had
// been running, so percentiles that land on one are lower bounds.

/** Percentiles of one set of latency samples, in milliseconds. */
export interface LatencySummary {
  /** Samples, censored ones included. */
  n: number;
  /** Samples that are lower bounds (requests abandoned at the phase cap). */
  censored: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** The percentiles whose sample is censored: the true value is at least the figure. */
  atLeast: ("p50" | "p95" | "p99" | "max")[];
}

interface Sample {
  ms: number;
  censored: boolean;
}

/** The sample at percentile `p` (0–100) of ascending `sorted`, by nearest rank; undefined when empty. */
export function percentile<T>(sorted: readonly T[], p: number): T | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Collects latencies of one phase, complete and censored. */
export class Samples {
  private readonly samples: Sample[] = [];

  /** Adds the latency of a completed request. */
  add(ms: number): void {
    this.samples.push({ ms, censored: false });
  }

  /** Adds a lower bound: a request still running after `ms` when it was abandoned. */
  addCensored(ms: number): void {
    this.samples.push({ ms, censored: true });
  }

  /** Completed requests. */
  get completed(): number {
    return this.samples.filter((s) => !s.censored).length;
  }

  /** Percentiles over every sample. */
  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a.ms - b.ms);
    const pick = {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1),
    };
    const atLeast = (Object.keys(pick) as (keyof typeof pick)[]).filter((k) => pick[k]?.censored);
    return {
      n: sorted.length,
      censored: sorted.filter((s) => s.censored).length,
      p50: pick.p50?.ms ?? Number.NaN,
      p95: pick.p95?.ms ?? Number.NaN,
      p99: pick.p99?.ms ?? Number.NaN,
      max: pick.max?.ms ?? Number.NaN,
      mean: sorted.length ? sorted.reduce((t, s) => t + s.ms, 0) / sorted.length : Number.NaN,
      atLeast,
    };
  }
}

/** Milliseconds since an origin from process.hrtime.bigint(), with sub-millisecond precision. */
export function msSince(origin: bigint): number {
  return Number(process.hrtime.bigint() - origin) / 1e6;
}

/** Ratio a / b, or NaN when either side is missing or b is zero. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}
