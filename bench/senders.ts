// Ingest load: C registry instances, each posting its own stream of events one at a time, over fresh
// TLS connections or keep-alive ones.
import type { ZipfPicker } from "./catalog";
import { agentFor, send, type ConnectionMode, type Endpoint, type HttpResult } from "./http-client";
import { runFor, timeInto } from "./load";
import { Samples, type LatencySummary } from "./stats";
import { EVENTS_MEDIA_TYPE, SessionGenerator, type EventClass } from "./workload";

/** Answers slower than this would have timed out at a registry (distribution's timeout is 1–2 s). */
export const REGISTRY_TIMEOUT_MS = 2000;

/** What one ingest phase sends. */
export interface IngestPhaseOptions {
  endpoint: Endpoint;
  route: string;
  token: string;
  mode: ConnectionMode;
  concurrency: number;
  seconds: number;
  /** Seconds after which requests still in flight are abandoned (see runFor). */
  capSeconds: number;
  zipf: ZipfPicker;
  /** PRNG seed; each sender derives its own. */
  seed: number;
  /** The benchmark's own request timeout; a request this slow counts as failed. */
  timeoutMs: number;
}

/** drec's own account of the events it answered (summed `IngestSummary` fields). */
export interface IngestTally {
  counted: number;
  duplicates: number;
  ignored: number;
  rejected: number;
}

/** Outcome of one ingest phase. */
export interface IngestPhaseResult {
  mode: ConnectionMode;
  concurrency: number;
  seconds: number;
  requests: number;
  /** Answered 2xx. */
  ok: number;
  /** Answered non-2xx or failed on the network. */
  errors: number;
  timeouts: number;
  /** Answered 2xx but slower than REGISTRY_TIMEOUT_MS: a registry would have retried them. */
  late: number;
  /** Still unanswered when the phase cap ended it (drec too slow to wait for); not errors. */
  abandoned: number;
  statuses: Record<string, number>;
  /** Acknowledged events by class. */
  manifestPulls: number;
  manifestPushes: number;
  blobs: number;
  eventsPerSecond: number;
  manifestPerSecond: number;
  /** Latency of every request. */
  latency: LatencySummary;
  /** Latency of manifest events (the ones drec writes statistics for). */
  manifestLatency: LatencySummary;
  tally: IngestTally;
  /** TLS protocol negotiated, e.g. TLSv1.3. */
  protocol?: string;
}

function addTally(tally: IngestTally, body: string): void {
  try {
    const answer = JSON.parse(body) as Partial<IngestTally>;
    for (const key of ["counted", "duplicates", "ignored", "rejected"] as const)
      tally[key] += typeof answer[key] === "number" ? answer[key] : 0;
  } catch {
    // Not drec's summary; the status already says what happened.
  }
}

/** Runs one ingest phase and reports throughput and latency. */
export async function runIngestPhase(options: IngestPhaseOptions): Promise<IngestPhaseResult> {
  const { endpoint, concurrency } = options;
  const agent = agentFor(options.mode, endpoint, concurrency);
  const generators = Array.from(
    { length: concurrency },
    (_, i) => new SessionGenerator(options.zipf, options.seed * 1000 + i),
  );
  const headers = {
    authorization: `Bearer ${options.token}`,
    "content-type": EVENTS_MEDIA_TYPE,
    "user-agent": "Go-http-client/1.1",
  };
  const all = new Samples();
  const manifest = new Samples();
  const statuses: Record<string, number> = {};
  const acknowledged: Record<EventClass, number> = { "manifest-pull": 0, "manifest-push": 0, blob: 0 };
  const tally: IngestTally = { counted: 0, duplicates: 0, ignored: 0, rejected: 0 };
  let timeouts = 0;
  let okCount = 0;
  let late = 0;
  let protocol: string | undefined;
  const timing = await runFor(concurrency, options.seconds, options.capSeconds, async (worker, signal) => {
    const event = generators[worker].next();
    const samples = event.kind === "blob" ? [all] : [all, manifest];
    const { route, timeoutMs } = options;
    const ok = (r: HttpResult) => r.status >= 200 && r.status < 300;
    const timed = await timeInto(
      samples,
      signal,
      () => send(endpoint, agent, "POST", route, headers, event.body, timeoutMs, signal),
      ok,
    );
    if (!timed.ok) return;
    const result = timed.value;
    const key = result.error ?? String(result.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (result.error === "timeout") timeouts += 1;
    protocol ??= result.protocol;
    if (!ok(result)) return;
    okCount += 1;
    if (result.ms > REGISTRY_TIMEOUT_MS) late += 1;
    acknowledged[event.kind] += 1;
    addTally(tally, result.body);
  });
  if (agent) agent.destroy();
  const { seconds, abandoned } = timing;
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = okCount;
  const manifestCount = acknowledged["manifest-pull"] + acknowledged["manifest-push"];
  return {
    mode: options.mode,
    concurrency,
    seconds,
    requests,
    ok,
    errors: requests - ok,
    timeouts,
    late,
    abandoned,
    statuses,
    manifestPulls: acknowledged["manifest-pull"],
    manifestPushes: acknowledged["manifest-push"],
    blobs: acknowledged.blob,
    eventsPerSecond: ok / seconds,
    manifestPerSecond: manifestCount / seconds,
    latency: all.summary(),
    manifestLatency: manifest.summary(),
    tally,
    protocol,
  };
}
