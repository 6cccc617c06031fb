// The ingest feature: the route, plus the work tied to a running app (token, the applier, ledger
// recovery, marker sweep, pruning).
import crypto from "node:crypto";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { AddressInfo } from "node:net";
import type https from "node:https";
import type { AppContext } from "../app-context";
import type { Feature } from "../feature";
import { Applier, type ApplierOptions } from "./apply/applier";
import { Journal } from "./ledger/group-commit";
import type { Pipeline } from "./pipeline";
import { nextLapse, recoverPending, UnfinishedRecoveries } from "./ledger/recover";
import { sweepMarkers } from "./apply/clear-leftover-markers";
import { pruneEvents } from "./ledger/prune-events";
import { bearerTokens } from "../http/bearer";
import type { Faults, IngestDeps } from "./ingest-deps";
import { ensureIngestToken } from "./ingest-token";
import { ingestRoutes } from "./ingest.route";
import { registrySetupText } from "./registry-setup";
import { ingestSources, type IngestSources } from "./source-auth";

/** Knobs for tests; production uses the defaults. */
export interface IngestFeatureOptions {
  /** Hooks around every write of an event (fault injection). */
  faults?: Faults;
  /** Where the one-time registry setup text goes; stdout by default. */
  print?: (text: string) => void;
  /** Claim duration of a pending event, ms (default 10 s). */
  claimMs?: number;
  /** How long a redelivery waits for another request applying the same event, ms (default 2 s). */
  claimWaitMs?: number;
  /** Period of ledger recovery, ms (default 1 min). */
  recoveryIntervalMs?: number;
  /** Period of pruning, ms (default 1 h). */
  pruneIntervalMs?: number;
  /** Delay of the leftover-marker sweep and first pruning after start, ms (default 10 min). */
  maintenanceDelayMs?: number;
  /** Batch size, marker sweep and retry timing of the applier. */
  applier?: ApplierOptions;
}

interface Runtime {
  deps: IngestDeps;
  pipeline: Pipeline;
  sources: IngestSources;
  timers: NodeJS.Timeout[];
  jobs: Set<Promise<unknown>>;
  /** Recoveries that failed after claiming; retried first, and soon (see recover.ts). */
  unfinished: UnfinishedRecoveries;
  /** Set by stop(): a recovery finishing afterwards must not schedule another. */
  stopped: boolean;
  /** The one pending retry of unfinished recoveries, if any. */
  retry?: NodeJS.Timeout;
}

/** How soon a recovery that left claimed entries behind runs again, ms. */
const UNFINISHED_RETRY_MS = 1000;

// Printed with process.stdout.write, not the logger: pino lines are shipped to log stores, and the
// logger redacts token fields anyway, which would make the block useless.
const writeStdout = (text: string) => void process.stdout.write(text);

function eventsUrl(ctx: AppContext, server: https.Server): string {
  const { port } = server.address() as AddressInfo;
  const { address, route } = ctx.config.server;
  // 0.0.0.0 is not an address a registry can reach; the host name is the best guess, and the
  // generated development certificate names it.
  const host = address === "0.0.0.0" || address === "::" ? os.hostname() : address;
  return `https://${host}:${port}${route}`;
}

async function loadTokens(ctx: AppContext, rt: Runtime, server: https.Server, options: IngestFeatureOptions) {
  const { tokens, allow_anonymous, sources } = ctx.config.ingest;
  // Configured sources name their registries' tokens: no token is made up for them.
  if (tokens.length > 0 || allow_anonymous || sources.length > 0) return;
  const generated = await ensureIngestToken(ctx.config.mongodb.embedded.dir, ctx.log);
  rt.sources.fallback.tokens.hashes = bearerTokens([generated.token]).hashes;
  if (generated.created) {
    (options.print ?? writeStdout)(
      registrySetupText({
        url: eventsUrl(ctx, server),
        token: generated.token,
        tokenFile: generated.file,
        certFile: ctx.config.server.ssl.cert,
      }),
    );
  }
  ctx.log.info({ file: generated.file }, "ingest token loaded from the data directory");
}

// A job that never runs twice at once (a run asked for meanwhile is skipped) and that stop() waits for.
function singleRun(rt: Runtime, job: () => Promise<unknown>, onError: (err: unknown) => void): () => void {
  let running: Promise<unknown> | undefined;
  return () => {
    if (running) return;
    const current = job()
      .catch(onError)
      .finally(() => {
        rt.jobs.delete(current);
        running = undefined;
      });
    running = current;
    rt.jobs.add(current);
  };
}

/** Wait after start before the leftover-marker sweep and the first pruning, ms. */
const START_MAINTENANCE_DELAY_MS = 10 * 60_000;

/** Longest wait at start for the recovered backlog to be applied, ms. */
const START_IDLE_WAIT_MS = 30_000;

// Timers are unref'd so they never keep the process up; stop() clears them.
function every(rt: Runtime, ms: number, run: () => void) {
  const timer = setInterval(run, ms);
  timer.unref();
  rt.timers.push(timer);
}

async function startRuntime(
  ctx: AppContext,
  rt: Runtime,
  server: https.Server,
  options: IngestFeatureOptions,
) {
  await loadTokens(ctx, rt, server, options);
  const { deps, pipeline } = rt;
  const retention = ctx.config.ingest.retention_days;
  pipeline.applier.start();
  const warn = (what: string) => (err: unknown) => ctx.log.warn({ err }, `${what} failed; will retry`);
  // A database outage at this moment is for the periodic recovery below to retry, not a failed start.
  const recovery = () => recoverPending(deps, pipeline.applier, rt.unfinished);
  const recovered = await recovery().catch((err: unknown) => {
    warn("ledger recovery at start")(err);
    return 0;
  });
  // Scheduled before waiting for the applier: under continuous load it is never idle (the soak found
  // this), and the events a killed process still claims must not wait for that. Acknowledged events a
  // failed recovery left claimed by this process are retried within a second, not at the next period.
  const recover: () => void = singleRun(
    rt,
    () => recovery().finally(() => retryUnfinished(rt, recover)),
    warn("ledger recovery"),
  );
  retryUnfinished(rt, recover);
  every(rt, options.recoveryIntervalMs ?? 60_000, recover);
  await recoverWhenClaimsLapse(rt, recover).catch(warn("scheduling recovery when claims lapse"));
  every(
    rt,
    options.pruneIntervalMs ?? 3_600_000,
    singleRun(rt, () => pruneEvents(deps, retention), warn("event pruning")),
  );
  // Recovered events are applied before the app reports started, so its statistics are whole; but
  // under continuous load the applier is never idle, and a start that never ends installs no signal
  // handlers, so the wait is bounded and the rest is applied in the background.
  await Promise.race([pipeline.applier.idle(), sleep(START_IDLE_WAIT_MS, undefined, { ref: false })]);
  if (recovered > 0) ctx.log.info({ recovered }, "ledger recovery finished");
  // Maintenance, not start-up: leftover markers and old ledger entries are found by filters the
  // embedded database answers with full scans (tens of seconds at 100,000 repositories). Nothing needs
  // them soon, and right after a start (redeliveries, dashboards reconnecting) is when the database is
  // needed most, so they wait. stop() cancels the wait, or waits for the scan in progress.
  const maintenance = singleRun(
    rt,
    async () => {
      const swept = await sweepMarkers(deps, () => rt.stopped);
      if (!rt.stopped) await pruneEvents(deps, retention);
      if (swept > 0) ctx.log.info({ swept }, "leftover batch markers removed");
    },
    warn("ledger maintenance after start"),
  );
  const later = setTimeout(maintenance, options.maintenanceDelayMs ?? START_MAINTENANCE_DELAY_MS);
  later.unref();
  rt.timers.push(later);
}

// One pending retry at a time: during a long outage every failed run asks for one, and keeping each
// timer in rt.timers would grow that list for the life of the process.
function retryUnfinished(rt: Runtime, recover: () => void) {
  if (rt.unfinished.size === 0 || rt.stopped || rt.retry) return;
  rt.retry = setTimeout(() => {
    rt.retry = undefined;
    recover();
  }, UNFINISHED_RETRY_MS);
  rt.retry.unref();
}

// A process that crashed moments before this start still holds claims on events it had acknowledged:
// recover them once those claims lapse instead of at the next periodic run.
async function recoverWhenClaimsLapse(rt: Runtime, recover: () => void) {
  const lapse = await nextLapse(rt.deps);
  if (lapse === undefined) return;
  const timer = setTimeout(recover, lapse + 100);
  timer.unref();
  rt.timers.push(timer);
}

async function stopRuntime(rt: Runtime) {
  rt.stopped = true;
  clearTimeout(rt.retry);
  for (const timer of rt.timers) clearInterval(timer);
  await Promise.allSettled([...rt.jobs]);
  await rt.pipeline.applier.stop();
}

function createRuntime(ctx: AppContext, options: IngestFeatureOptions): Runtime {
  const deps: IngestDeps = {
    models: ctx.db.models,
    repositoryIds: ctx.db.repositoryIds,
    log: ctx.log,
    metrics: ctx.metrics,
    updates: ctx.updates,
    changes: ctx.changes,
    changeLog: ctx.sync,
    instanceId: crypto.randomUUID(),
    claimMs: options.claimMs ?? 10_000,
    claimWaitMs: options.claimWaitMs ?? 2_000,
    lock: ctx.db.repositoryLock,
    faults: options.faults,
  };
  const pipeline: Pipeline = {
    journal: new Journal(deps),
    applier: new Applier(deps, options.applier),
    acknowledge: ctx.config.ingest.acknowledge,
  };
  const { tokens, sources } = ctx.config.ingest;
  return {
    deps,
    pipeline,
    sources: ingestSources(tokens, sources),
    timers: [],
    jobs: new Set(),
    unfinished: new UnfinishedRecoveries(),
    stopped: false,
  };
}

/** The ingest feature; one object serves every app a process starts (state is kept per app). */
export function createIngestFeature(options: IngestFeatureOptions = {}): Feature {
  const runtimes = new WeakMap<AppContext, Runtime>();
  return {
    name: "ingest",
    mount(app, ctx) {
      const rt = createRuntime(ctx, options);
      runtimes.set(ctx, rt);
      // Not ready while the oldest event this process holds has waited too long: the applier is stuck.
      const maxLagMs = ctx.config.ingest.max_apply_lag_seconds * 1000;
      ctx.readiness.set("applier", () => {
        const oldest = rt.pipeline.applier.oldestHeldAt();
        return !oldest || Date.now() - oldest.getTime() <= maxLagMs;
      });
      app.use(ingestRoutes(ctx.config, rt.deps, rt.pipeline, rt.sources, () => ctx.db.reachable()));
    },
    async start(ctx, server) {
      const rt = runtimes.get(ctx);
      if (rt) await startRuntime(ctx, rt, server, options);
    },
    async stop(ctx) {
      const rt = runtimes.get(ctx);
      if (rt) await stopRuntime(rt);
    },
  };
}
