// The benchmark run: start drec, then for each repository count R grow the data set and run the timed
// phases, and collect everything into BenchResults.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient } from "mongodb";
import { ZipfPicker } from "./catalog";
import { startDrec, type DrecProcess } from "./drec-process";
import { send } from "./http-client";
import type { BenchOptions } from "./options";
import {
  EVENTS_ROUTE,
  GRAPHQL_PATH,
  ingestPhases,
  queryPhases,
  REPOSITORIES,
  warmUp,
  type Run,
} from "./phases";
import { readCommandTimings, summarizeCpuProfile } from "./profile";
import { progress } from "./progress";
import { firstListSeconds, graphqlAvailable } from "./query";
import { evaluateTargets, type BenchResults, type GrowthStep, type RestartRow } from "./results";
import { RssSampler } from "./sampler";
import { seedRegistry, seedRepositories } from "./seed";
import { settle } from "./load";
import { EVENTS_MEDIA_TYPE } from "./workload";

const DATABASE = "drec_bench";
const CEILING_DATABASE = "drec_bench_ceiling";

async function ingestAvailable(drec: DrecProcess): Promise<boolean> {
  const headers = { authorization: `Bearer ${drec.token}`, "content-type": EVENTS_MEDIA_TYPE };
  const result = await send(drec.endpoint, false, "POST", EVENTS_ROUTE, headers, '{"events":[]}', 10_000);
  return result.status !== 404;
}

const count = (n: number) => n.toLocaleString("en-US");

async function growthStep(
  run: Run,
  from: number,
  R: number,
  up: { ingest: boolean; graphql: boolean },
  restart: () => Promise<RestartRow>,
): Promise<GrowthStep> {
  const now = new Date();
  const seed = await seedRegistry(run.db, REPOSITORIES, from, R, now, run.legacyIds);
  const ceilingSeed = run.options.ingest
    ? await seedRepositories(run.ceilingDb.collection(REPOSITORIES), from, R, now)
    : { repositories: 0, documents: 0, seconds: 0, byCollection: {} };
  progress(
    `R=${R} seeded ${count(R - from)} repositories: ${count(seed.documents)} documents in ${seed.seconds.toFixed(1)} s ` +
      `(${JSON.stringify(seed.byCollection)}); ceiling database ${ceilingSeed.seconds.toFixed(1)} s`,
  );
  // The seed wrote behind drec's back: a new change log head (a new generation) makes drec's snapshots
  // unusable, so this restart reads everything, as an operator's import or restore would require.
  await run.db.collection("drec_changes").deleteOne({ _id: "head" as never });
  // drec reads its GraphQL read model at start: restart it on the seed (cold), then once more (warm).
  const restarted = await restart();
  const { stopSeconds, startSeconds, readModelSeconds, totalSeconds } = restarted;
  progress(
    `R=${R} restarted drec in ${totalSeconds.toFixed(1)} s (stop ${stopSeconds.toFixed(1)} s, ` +
      `start to /readyz ${startSeconds.toFixed(1)} s, read model ` +
      `${readModelSeconds === null ? "n/a" : `${readModelSeconds.toFixed(1)} s`}): pid ${run.drec.pid}, ` +
      `FerretDB pid ${run.drec.ferretPid ?? "?"}`,
  );
  const warmRestart = await restart();
  progress(
    `R=${R} restarted drec again (warm) in ${warmRestart.totalSeconds.toFixed(1)} s (stop ${warmRestart.stopSeconds.toFixed(1)} s, ` +
      `start to /readyz ${warmRestart.startSeconds.toFixed(1)} s, first list ` +
      `${warmRestart.readModelSeconds === null ? "n/a" : `${warmRestart.readModelSeconds.toFixed(1)} s`})`,
  );
  const step: GrowthStep = {
    repositories: R,
    seed,
    ceilingSeed,
    restart: restarted,
    warmRestart,
    ingest: null,
    ceiling: [],
    queries: [],
  };
  const zipf = new ZipfPicker(R);
  progress(`R=${R} warm-up (first writes after the seed) took ${(await warmUp(run, zipf)).toFixed(1)} s`);
  if (run.options.query) step.queries = await queryPhases(run, R, zipf, up.graphql);
  if (run.options.ingest && up.ingest) await ingestPhases(run, R, zipf, step);
  return step;
}

function machine(): BenchResults["meta"]["machine"] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    kernel: os.release(),
  };
}

/** Runs the whole benchmark; failures are collected in the results, thrown only when drec cannot run. */
export async function runBenchmark(options: BenchOptions): Promise<BenchResults> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const profileDir = options.profile
    ? fs.mkdtempSync(path.join(os.tmpdir(), "drec-bench-profile-"))
    : undefined;
  const probeOut = profileDir ? path.join(profileDir, "driver-timings.json") : undefined;
  progress(
    `load average ${loadAtStart.toFixed(2)} on ${os.cpus().length} cores; starting drec (NODE_ENV=production, ` +
      `embedded FerretDB)${profileDir ? `, profiling into ${profileDir}` : ""}`,
  );
  const drec = await startDrec({
    database: DATABASE,
    cpuProfileDir: profileDir,
    nodeFlags: probeOut ? ["-r", path.join(__dirname, "probe", "driver-timing.js")] : [],
    env: probeOut ? { DREC_BENCH_PROBE_OUT: probeOut } : {},
  });
  progress(
    `drec ready: pid ${drec.pid}, FerretDB pid ${drec.ferretPid ?? "?"}, https://127.0.0.1:${drec.endpoint.port}`,
  );
  const sampler = new RssSampler(drec);
  sampler.start();
  let client = new MongoClient(drec.mongoUri, { maxPoolSize: 16 });
  const failures: string[] = [];
  const steps: GrowthStep[] = [];
  let protocol = "TLS";
  try {
    await client.connect();
    const run: Run = {
      options,
      drec,
      sampler,
      db: client.db(DATABASE),
      ceilingDb: client.db(CEILING_DATABASE),
      failures,
      seed: 1,
      legacyIds: new Map(),
    };
    const up = {
      ingest: await ingestAvailable(drec),
      graphql: await graphqlAvailable(drec.endpoint, GRAPHQL_PATH),
    };
    // Same directory, ports, token and database; the embedded FerretDB is drec's child and restarts
    // with it, so the benchmark's own connection is made again too.
    const restart = async (): Promise<RestartRow> => {
      await client.close();
      const timing = await drec.restart(profileDir ? 180_000 : 15_000);
      const readModel = up.graphql
        ? // A cold start reads every document before the first list answers: minutes at R = 100,000 on a
          // busy machine. The next (warm) restart needs this one loaded, or it has no snapshot to start from.
          await firstListSeconds(drec.endpoint, GRAPHQL_PATH, Math.max(options.timeoutMs, 600_000))
        : undefined;
      if (up.graphql && readModel === undefined)
        failures.push("after a restart, the first GraphQL repositories list failed");
      client = new MongoClient(drec.mongoUri, { maxPoolSize: 16 });
      await client.connect();
      run.db = client.db(DATABASE);
      run.ceilingDb = client.db(CEILING_DATABASE);
      const readModelSeconds = readModel ?? null;
      return {
        ...timing,
        readModelSeconds,
        totalSeconds: timing.stopSeconds + timing.startSeconds + (readModelSeconds ?? 0),
      };
    };
    progress(
      `ingest ${up.ingest ? "available" : "n/a (404)"}, GraphQL ${up.graphql ? "available" : "n/a (404)"}`,
    );
    // The original collector's one index: the least a collector needs to upsert by name.
    await run.ceilingDb.collection(REPOSITORIES).createIndex({ repositoryname: 1 }, { unique: true });
    let from = 0;
    for (const R of options.repositories) {
      steps.push(await growthStep(run, from, R, up, restart));
      from = R;
    }
    protocol = steps.flatMap((s) => s.ingest ?? []).find((row) => row.protocol)?.protocol ?? protocol;
  } catch (err) {
    failures.push((err as Error).message);
  } finally {
    await client.close().catch(() => undefined);
    sampler.stop();
    const crashed = drec.alive() ? undefined : drec.exitReason();
    // A profile is written when drec exits normally: let it finish abandoned work first.
    if (profileDir && !crashed) await settle(drec.pid, drec.ferretPid, 120);
    await drec.stop(profileDir ? 180_000 : 15_000);
    if (crashed && !failures.some((f) => f.startsWith("drec ")))
      failures.push(`drec ${crashed}:\n${drec.outputTail()}`);
    if (!options.keep) fs.rmSync(drec.dir, { recursive: true, force: true });
    else progress(`kept drec's directory ${drec.dir}`);
  }
  const rssPeak = sampler.overallPeak();
  // drec is restarted after every seed, so the profile and the driver timings are those of its last
  // run: the phases of the last R (use --r with one count to profile one).
  const profile =
    profileDir && probeOut
      ? { cpu: summarizeCpuProfile(profileDir), commands: readCommandTimings(probeOut) }
      : undefined;
  return {
    meta: {
      date: new Date().toISOString(),
      mode: options.mode,
      machine: machine(),
      node: process.versions.node,
      database: "embedded FerretDB 1.24 (SQLite)",
      tls: `${protocol}, ECDSA P-256 development certificate`,
      phaseSeconds: Object.fromEntries(options.repositories.map((r) => [String(r), options.phaseSeconds(r)])),
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
      totalSeconds: (Date.now() - started) / 1000,
    },
    steps,
    rssPeak,
    targets: evaluateTargets(steps, rssPeak),
    failures,
    ...(profile ? { profile } : {}),
  };
}
