#!/usr/bin/env node
// `node dist/bench/db-probe.js [--quick]`: the embedded database's own costs, without drec. Starts the
// embedded FerretDB directly and times its primitives at growing collection sizes: point reads and
// updates by _id and by an indexed field, single inserts, batched inserts and bulk updates, whether
// filters are pushed down to SQLite, and how concurrent writers scale. Evidence for bench/FINDINGS.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient, type Collection, type Document } from "mongodb";
import pino from "pino";
import { ensureBinary } from "../src/db/embedded/build";
import { launchEmbedded } from "../src/db/embedded/launcher";
import { runFor } from "./load";
import { progress } from "./progress";
import { table, ms } from "./report";
import { msSince, Samples } from "./stats";

/** One timed primitive at one collection size. */
export interface ProbeRow {
  documents: number;
  operation: string;
  /** Milliseconds per operation (per document for batched ones), median. */
  p50: number;
  opsPerSecond: number;
  note: string;
}

const doc = (i: number, prefix = "r"): Document => ({
  _id: `${prefix}${i}`,
  name: `${prefix}team-${i % 50}/app-${i}`,
  numpulls: i % 997,
  numpushs: 3,
  actors: ["alice", "bob"],
  inflight: [],
  lastpulled: new Date(),
});

// Times `op` back to back for about `seconds` (at least 3 times) and returns the median and the rate.
async function time(seconds: number, op: (i: number) => Promise<unknown>, perOp = 1) {
  const samples = new Samples();
  const started = Date.now();
  for (let i = 0; samples.completed < 3 || Date.now() - started < seconds * 1000; i += 1) {
    const begun = process.hrtime.bigint();
    await op(i);
    samples.add(msSince(begun) / perOp);
  }
  return {
    p50: samples.summary().p50,
    opsPerSecond: (samples.completed * perOp * 1000) / (Date.now() - started),
  };
}

async function pushdown(collection: Collection, filter: Document): Promise<string> {
  const explain = await collection.find(filter).explain();
  return explain.filterPushdown === true ? "pushed down to SQLite" : "no pushdown: scans every document";
}

async function sizeRows(
  collection: Collection,
  n: number,
  seconds: number,
  next: { id: number },
): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  const add = (operation: string, r: { p50: number; opsPerSecond: number }, note = "") =>
    rows.push({ documents: n, operation, p50: r.p50, opsPerSecond: r.opsPerSecond, note });
  const key = (i: number) => (i * 7919) % n;
  add(
    "findOne {_id}",
    await time(seconds, (i) => collection.findOne({ _id: `r${key(i)}` } as Document)),
    await pushdown(collection, { _id: "r1" }),
  );
  add(
    "findOne {name} (unique index)",
    await time(seconds, (i) => collection.findOne({ name: doc(key(i)).name })),
    await pushdown(collection, { name: "x" }),
  );
  add(
    "updateOne {_id} $inc",
    await time(seconds, (i) =>
      collection.updateOne({ _id: `r${key(i)}` } as Document, { $inc: { numpulls: 1 } }),
    ),
  );
  add(
    "updateOne {name} $inc $max upsert (ceiling op)",
    await time(seconds, (i) =>
      collection.updateOne(
        { name: doc(key(i)).name },
        { $inc: { numpulls: 1 }, $max: { lastpulled: new Date() } },
        { upsert: true },
      ),
    ),
  );
  add("insertOne (one commit)", await time(seconds, () => collection.insertOne(doc(next.id++, "n"))));
  add(
    "insertMany 50 docs (one command), per doc",
    await time(
      seconds,
      () => collection.insertMany(Array.from({ length: 50 }, () => doc(next.id++, "n"))),
      50,
    ),
  );
  add(
    "bulkWrite 50 updateOne {_id}, per update",
    await time(
      seconds,
      (i) =>
        collection.bulkWrite(
          Array.from({ length: 50 }, (_, k) => ({
            updateOne: {
              filter: { _id: `r${key(i * 50 + k)}` } as Document,
              update: { $inc: { numpulls: 1 } },
            },
          })),
          { ordered: false },
        ),
      50,
    ),
  );
  return rows;
}

// C writers $inc a counter on distinct documents, then all on the same (hot) one; the stored counters
// must equal the operations sent.
async function concurrencyRows(collection: Collection, seconds: number): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  const cases = [
    [1, false],
    [2, false],
    [8, false],
    [8, true],
  ] as const;
  for (const [concurrency, same] of cases) {
    await collection.updateMany({}, { $set: { hits: 0 } });
    let ops = 0;
    const latencies = new Samples();
    const { seconds: elapsed } = await runFor(concurrency, seconds, seconds + 60, async (worker) => {
      const started = process.hrtime.bigint();
      await collection.updateOne({ _id: `r${same ? 0 : worker}` } as Document, { $inc: { hits: 1 } });
      latencies.add(msSince(started));
      ops += 1;
    });
    const [row] = await collection
      .aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: "$hits" } } }])
      .toArray();
    const stored = row?.total ?? 0;
    rows.push({
      documents: await collection.countDocuments(),
      operation: `updateOne {_id} $inc, C=${concurrency}${same ? " on one document" : ""}`,
      p50: latencies.summary().p50,
      opsPerSecond: ops / elapsed,
      note: stored === ops ? "no lost updates" : `LOST UPDATES: ${ops} sent, ${stored} stored`,
    });
  }
  return rows;
}

// FerretDB 1.24 filters `_id` with `_ferretdb_sjson->'$._id'`, but its unique _id index is on
// `_ferretdb_sjson->"_id"`, so SQLite scans the table. With the sqlite3 CLI at hand, this adds an index
// on the expression the query uses (FerretDB stopped) and times the same point operations again.
function addMatchingIdIndex(dir: string, database: string, collection: string): boolean {
  const file = path.join(dir, `${database}.sqlite`);
  try {
    const table = execFileSync("sqlite3", [
      file,
      `SELECT table_name FROM _ferretdb_collections WHERE name = '${collection}'`,
    ])
      .toString()
      .trim();
    execFileSync("sqlite3", [file, `CREATE INDEX probe_id_expr ON "${table}" (_ferretdb_sjson->'$._id')`]);
    return true;
  } catch {
    return false;
  }
}

async function idIndexRows(binary: string, dir: string, n: number, seconds: number): Promise<ProbeRow[]> {
  if (!addMatchingIdIndex(dir, "probe", "repos")) return [];
  const db = await launchEmbedded({ binary, dir, port: 0, log: pino({ level: "warn" }) });
  const client = new MongoClient(db.uri);
  try {
    await client.connect();
    const collection = client.db("probe").collection("repos");
    const key = (i: number) => `r${(i * 7919) % n}`;
    const note = "with an SQLite index on FerretDB's _id query expression";
    const find = await time(seconds, (i) => collection.findOne({ _id: key(i) } as Document));
    const update = await time(seconds, (i) =>
      collection.updateOne({ _id: key(i) } as Document, { $inc: { numpulls: 1 } }),
    );
    return [
      { documents: n, operation: "findOne {_id}", ...find, note },
      { documents: n, operation: "updateOne {_id} $inc", ...update, note },
    ];
  } finally {
    await client.close();
    await db.stop();
  }
}

/** Runs the probe and prints a table (or JSON with --json). */
export async function main(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const sizes = quick ? [100, 10_000] : [100, 10_000, 100_000];
  const seconds = quick ? 0.5 : 1.5;
  const binary = await ensureBinary((line) => progress(line));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drec-db-probe-"));
  const db = await launchEmbedded({ binary, dir, port: 0, log: pino({ level: "warn" }) });
  const client = new MongoClient(db.uri, { maxPoolSize: 16 });
  const rows: ProbeRow[] = [];
  try {
    try {
      await client.connect();
      const small = client.db("probe").collection("concurrency");
      await small.insertMany(Array.from({ length: 100 }, (_, i) => doc(i)));
      rows.push(...(await concurrencyRows(small, seconds * 2)));
      progress("concurrency rows done");
      const collection = client.db("probe").collection("repos");
      await collection.createIndex({ name: 1 }, { unique: true });
      let have = 0;
      const next = { id: 0 };
      for (const n of sizes) {
        const started = Date.now();
        for (let i = have; i < n; i += 2000)
          await collection.insertMany(Array.from({ length: Math.min(2000, n - i) }, (_, k) => doc(i + k)));
        progress(`${n} documents inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        have = n;
        rows.push(...(await sizeRows(collection, n, seconds, next)));
        await collection.deleteMany({ _id: { $regex: "^n" } } as Document);
      }
    } finally {
      await client.close();
      await db.stop();
    }
    rows.push(...(await idIndexRows(binary, dir, sizes[sizes.length - 1], seconds)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (args.includes("--json")) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else
    process.stdout.write(
      `${table(
        ["docs", "operation", "ms/op p50", "ops/s", "note"],
        rows.map((r) => [
          r.documents.toLocaleString("en-US"),
          r.operation,
          ms(r.p50),
          ms(r.opsPerSecond),
          r.note,
        ]),
      )}\n`,
    );
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`db-probe: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
