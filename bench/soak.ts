#!/usr/bin/env node
// `npm run soak -- --seconds N`: real HTTPS ingest from retrying registry-like senders against a real drec
// process on its embedded database, while drec and the database are SIGKILLed at random; then checks that
// every acknowledged event is counted exactly once.
import fs from "node:fs";
import { startDrec, type DrecProcess } from "./drec-process";
import { progress } from "./progress";
import { lastMessages, planFaults, runFaults, type FaultRecord } from "./soak-faults";
import { compare, failures, renderSoak, type SoakResult } from "./soak-report";
import { Deliveries, runSenders } from "./soak-sender";
import { diagnoseUndelivered } from "./soak-diagnose";
import { StatsWatch } from "./soak-watch";
import { setTimeout as sleep } from "node:timers/promises";

const USAGE = `Usage: npm run soak -- [options]

Starts drec (production mode, embedded FerretDB) as a child process and posts registry events to it
from C=8 senders that retry every event until it is answered 2xx, with the same id, as a registry's
notification endpoint does. Meanwhile it SIGKILLs drec (then starts it again on the same data) and the
embedded FerretDB (drec restarts it) at seeded random times, several times each. After the load it
waits for the senders to deliver everything (at most 120 s) and the statistics to settle (until they
match, or stand still for 120 s, or 15 min have passed), then prints what was sent, acknowledged,
counted, lost and counted twice.

Options:
  --seconds <n>   seconds of load (default 60; at least 20)
  --seed <n>      seed of the event stream and the fault times (default 1)
  --rate <n>      events per second the senders start, all together (default 150; 0: no limit,
                  which outruns the applier on a 2-core machine and measures draining a backlog)
  --keep          keep drec's temporary directory (config, data)
  -h, --help      this text

Exit status: 0 when nothing acknowledged was lost or counted twice and every event was delivered;
1 otherwise (or when drec did not come back after a fault); 2 on bad options.`;

interface SoakOptions {
  seconds: number;
  seed: number;
  keep: boolean;
  help: boolean;
  /** Events per second the senders start, all together (0: as fast as drec answers). */
  rate: number;
}

const CONCURRENCY = 8;
const REPOSITORIES = 8;
/** distribution's example endpoint: `timeout: 2s`, `backoff: 1s`. */
const TIMEOUT_MS = 2000;
const BACKOFF_MS = 1000;
const DELIVERY_CAP_SECONDS = 120;
/** Settling ends when the counters have not moved for this long (the applier is stuck)… */
const SETTLE_STALL_SECONDS = 120;
/** …or after this long in all, moving or not. */
const SETTLE_CAP_SECONDS = 900;
/** Events per second the senders start by default (`--rate`). */
const DEFAULT_RATE = 150;
/** With nothing pending in the ledger, counters this long unchanged have settled. */
const SETTLED_QUIET_MS = 5000;

function parseOptions(argv: string[]): SoakOptions {
  const options: SoakOptions = { seconds: 60, seed: 1, keep: false, help: false, rate: DEFAULT_RATE };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => {
      const text = inline ?? argv[++i];
      const n = Number(text);
      if (text === undefined || !Number.isInteger(n) || n < 0)
        throw new Error(`${flag} needs a whole number`);
      return n;
    };
    if (flag === "--seconds") options.seconds = value();
    else if (flag === "--seed") options.seed = value();
    else if (flag === "--rate") options.rate = value();
    else if (flag === "--keep") options.keep = true;
    else if (flag === "-h" || flag === "--help") options.help = true;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (options.seconds < 20) throw new Error("--seconds must be at least 20 (faults need room)");
  return options;
}

/** Waits until the counters match the acknowledged events, or nothing is pending and they stand still. */
async function settle(watch: StatsWatch, deliveries: Deliveries): Promise<number> {
  const started = Date.now();
  let last = "";
  let lastChange = Date.now();
  let reported = started;
  while (Date.now() - started < SETTLE_CAP_SECONDS * 1000) {
    const counts = await watch.counts();
    if (counts) {
      const { lost, doubleCounted } = compare(deliveries, counts);
      if (lost === 0 && doubleCounted === 0) break;
      const key = JSON.stringify([...counts]);
      if (key !== last) [last, lastChange] = [key, Date.now()];
      if (Date.now() - lastChange >= SETTLED_QUIET_MS && (await watch.pendingEntries()) === 0) break;
      // Still applying a backlog is not a loss; counters standing still that long is a stuck applier.
      if (Date.now() - lastChange >= SETTLE_STALL_SECONDS * 1000) break;
      if (Date.now() - reported >= 10_000) {
        progress(`settling: ${lost} acknowledged manifest events not counted yet`);
        reported = Date.now();
      }
    }
    await sleep(500);
  }
  return (Date.now() - started) / 1000;
}

async function soak(options: SoakOptions, drec: DrecProcess): Promise<SoakResult> {
  const startedAt = new Date();
  const started = startedAt.getTime();
  const deliveries = new Deliveries();
  const watch = new StatsWatch(drec.mongoUri, "soak");
  const loadEnd = started + options.seconds * 1000;
  const giveUpAt = loadEnd + DELIVERY_CAP_SECONDS * 1000;
  // A restart of drec takes 5-20 s on a busy 2-core machine; faults closer than that would queue up.
  const perKind = Math.max(2, Math.round(options.seconds / 60));
  const plan = planFaults(options.seconds, options.seed, perKind);
  progress(
    `seed ${options.seed}: ${options.seconds} s of load at ${options.rate > 0 ? `${options.rate} events/s` : "full speed"}, ${perKind} kills of drec and ${perKind} of its database at ${plan.map((f) => `${(f.atMs / 1000).toFixed(1)} s (${f.kind})`).join(", ")}`,
  );
  watch.start(() => deliveries.acknowledgedManifests);
  const ticker = setInterval(
    () =>
      progress(
        `sent ${deliveries.sent}, acknowledged ${deliveries.acknowledged}, POSTs ${deliveries.attempts}, ` +
          `longest stall so far ${(watch.longestStallMs / 1000).toFixed(1)} s`,
      ),
    5000,
  );
  let faults: FaultRecord[];
  try {
    const senders = runSenders(
      {
        endpoint: drec.endpoint,
        route: "/events",
        token: drec.token,
        concurrency: CONCURRENCY,
        repositories: REPOSITORIES,
        seed: options.seed,
        timeoutMs: TIMEOUT_MS,
        backoffMs: BACKOFF_MS,
        enough: () => Date.now() >= loadEnd,
        giveUp: () => Date.now() >= giveUpAt,
        rate: options.rate,
      },
      deliveries,
    );
    let delivered = false;
    const faulting = runFaults(
      plan,
      drec,
      started,
      () => Date.now() >= loadEnd,
      () => delivered,
    );
    // Awaited after the senders; a fault that fails meanwhile must not count as unhandled.
    faulting.catch(() => undefined);
    await senders;
    delivered = true;
    faults = await faulting;
  } finally {
    clearInterval(ticker);
  }
  const delivered = Date.now();
  // Taken before settling: the state drec is in while the deliveries are stuck.
  const diagnosis = await diagnoseUndelivered(drec, watch, deliveries);
  progress(`senders done ${((delivered - loadEnd) / 1000).toFixed(1)} s after the load ended; settling`);
  const settleSeconds = await settle(watch, deliveries);
  for (const message of lastMessages(drec, 40, 5)) progress(`drec warned: ${message}`);
  await watch.stop();
  const counts = (await watch.counts()) ?? new Map();
  const ledger = await watch.ledger(deliveries.manifestIds);
  await watch.close();
  return {
    startedAt: startedAt.toISOString(),
    seconds: options.seconds,
    wallSeconds: (Date.now() - started) / 1000,
    seed: options.seed,
    concurrency: CONCURRENCY,
    repositories: REPOSITORIES,
    timeoutMs: TIMEOUT_MS,
    deliveries,
    ...compare(deliveries, counts),
    ledger,
    undelivered: deliveries.sent - deliveries.acknowledged,
    longestStallSeconds: watch.longestStallMs / 1000,
    settleSeconds,
    faults,
    plannedFaults: plan.length,
    diagnosis,
  };
}

/** Parses flags, runs the soak, prints the table; resolves with the exit status. */
export async function main(argv: string[]): Promise<number> {
  let options: SoakOptions;
  try {
    options = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  progress("starting drec (the first start may build the embedded database with Go)");
  const drec = await startDrec({ database: "soak" });
  progress(`drec ready: pid ${drec.pid}, FerretDB pid ${drec.ferretPid ?? "?"}, ${drec.dir}`);
  try {
    const result = await soak(options, drec);
    process.stdout.write(`${renderSoak(result)}\n`);
    return failures(result).length ? 1 : 0;
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}\ndrec output:\n${drec.outputTail()}\n`);
    return 1;
  } finally {
    await drec.stop();
    if (!options.keep) fs.rmSync(drec.dir, { recursive: true, force: true });
    else progress(`kept drec's directory ${drec.dir}`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`soak: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
