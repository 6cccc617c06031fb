#!/usr/bin/env node
// `node dist/bench/db-probe.js [--quick]`: the embedded database's own costs, without drec. Starts the
// embedded FerretDB directly and times its primitives at growing collection sizes: point reads and
// updates by _id (alone, with other conditions, and `$in` lists) and by an indexed field, single inserts,
// batched inserts and bulk updates, whether filters are pushed down to SQLite, and how concurrent writers
// scale. It also checks that the `_id` pushdown of drec's FerretDB patch (src/store/embedded/ferretdb-patches.ts)
// returns what MongoDB would, and exits 1 if not. `--binary <path>` probes another build (e.g. an unpatched
// one from an older cache). Evidence for bench/FINDINGS.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MongoClient, type Collection, type Document, type Filter } from "mongodb";
import pino from "pino";
import { ensureBinary } from "../src/store/embedded/build";
import { launchEmbedded } from "../src/store/embedded/launcher";
import { runFor } from "./load";
import { progress } from "./progress";
import { ms, table } from "./format";
import { msSince, Samples } from "./stats";

/** One correctness check at one collection size. */
export interface ProbeCheck {
  documents: number;
  check: string;
  ok: boolean;
  detail: string;
}

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

// FerretDB's explain: whether the backend narrowed the query, and SQLite's EXPLAIN QUERY PLAN lines.
async function explain(collection: Collection, filter: Document) {
  const result = await collection.find(filter).explain();
  const plan = (result.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [];
  return {
    pushed: result.filterPushdown === true,
    indexed: plan.some((line) => line.includes("USING INDEX")),
  };
}

async function pushdown(collection: Collection, filter: Document): Promise<string> {
  const { pushed, indexed } = await explain(collection, filter);
  if (!pushed) return "no pushdown: scans every document";
  return indexed ? "pushed down, SQLite uses the _id index" : "pushed down, but SQLite scans every row";
}

// `count` distinct existing _ids, spread over the collection (7919 is prime, so coprime with every size).
const spreadIds = (n: number, from: number, count: number) =>
  Array.from({ length: count }, (_, k) => `r${((from + k) * 7919) % n}`);

// "pushed down to SQLite; 41/41 correct": the pushdown note plus how many timed operations returned what
// they should.
function tally(note: string) {
  let ok = 0;
  let all = 0;
  return {
    count: (good: boolean) => {
      all += 1;
      if (good) ok += 1;
    },
    note: () => `${note}; ${ok}/${all} ${ok === all ? "correct" : "WRONG RESULTS"}`,
  };
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
  const guard = { inflight: { $ne: "probe-event" } };
  for (const upsert of [false, true]) {
    const t = tally(await pushdown(collection, { _id: "r1", ...guard }));
    const r = await time(seconds, async (i) => {
      const res = await collection.updateOne(
        { _id: `r${key(i)}`, ...guard } as Document,
        { $inc: { numpulls: 1 } },
        { upsert },
      );
      t.count(res.matchedCount === 1 && res.modifiedCount === 1 && res.upsertedCount === 0);
    });
    add(`updateOne {_id, inflight: {$ne}} $inc${upsert ? " upsert" : ""}`, r, t.note());
  }
  const findIn = tally(await pushdown(collection, { _id: { $in: spreadIds(n, 0, 20) } }));
  add(
    "find {_id: {$in: 20 ids}}",
    await time(seconds, async (i) => {
      const docs = await collection.find({ _id: { $in: spreadIds(n, i * 20, 20) } } as Document).toArray();
      findIn.count(docs.length === Math.min(20, n));
    }),
    findIn.note(),
  );
  const updateIn = tally(await pushdown(collection, { _id: { $in: spreadIds(n, 0, 50) } }));
  add(
    "updateMany {_id: {$in: 50 ids}} $inc, per command",
    await time(seconds, async (i) => {
      const res = await collection.updateMany({ _id: { $in: spreadIds(n, i * 50, 50) } } as Document, {
        $inc: { numpulls: 1 },
      });
      updateIn.count(res.matchedCount === Math.min(50, n) && res.modifiedCount === Math.min(50, n));
    }),
    updateIn.note(),
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

/** The probe's documents as the checks see them. */
interface Repo {
  _id: string;
  name: string;
  numpulls: number;
  numpushs: number;
  actors: string[];
  inflight: string[];
  lastpulled: Date;
}

// What the `_id` pushdown must not change: results equal MongoDB's whatever SQLite narrowed them to.
async function idChecks(untyped: Collection, n: number): Promise<ProbeCheck[]> {
  const collection = untyped as unknown as Collection<Repo>;
  const checks: ProbeCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) =>
    checks.push({ documents: n, check: name, ok, detail });
  const numpulls = async (ids: string[]) =>
    new Map((await collection.find({ _id: { $in: ids } }).toArray()).map((d) => [d._id, d.numpulls]));

  const filters: Filter<Repo>[] = [
    { _id: "r1" },
    { _id: "r1", inflight: { $ne: "e" } },
    { _id: { $in: ["r1", "r2"] } },
    { _id: { $in: ["r1"] }, numpushs: 3 },
  ];
  const plans = await Promise.all(filters.map((f) => explain(untyped, f as Document)));
  check(
    "explain: filterPushdown and the _id index for {_id}, {_id, other}, {_id: {$in}}, {_id: {$in}, other}",
    plans.every((p) => p.pushed && p.indexed),
    plans.map((p) => (p.pushed ? (p.indexed ? "index" : "pushed, scan") : "scan")).join(", "),
  );

  const before = (await numpulls(["r1"])).get("r1");
  const miss = await collection.updateOne({ _id: "r1", numpushs: 4 }, { $inc: { numpulls: 1 } });
  const after = (await numpulls(["r1"])).get("r1");
  check(
    "updateOne {_id, other key not matching} updates nothing",
    miss.matchedCount === 0 && miss.modifiedCount === 0 && before === after,
    `matched ${miss.matchedCount}, numpulls ${before} -> ${after}`,
  );

  let code: unknown = "no error";
  try {
    await collection.updateOne(
      { _id: "r2", numpushs: { $ne: 3 } },
      { $inc: { numpulls: 1 } },
      { upsert: true },
    );
  } catch (err) {
    code = (err as { code?: unknown }).code;
  }
  check(
    "upsert {_id: X, f: {$ne: 1}} on X with f == 1 raises E11000 (as MongoDB)",
    code === 11000,
    `code ${code}`,
  );

  const wanted = spreadIds(n, 3, Math.min(45, n));
  const asked = [...wanted, "missing-1", "missing-2", "missing-3", "missing-4", "missing-5"];
  const was = await numpulls(wanted);
  const many = await collection.updateMany({ _id: { $in: asked } }, { $inc: { numpulls: 1 } });
  const now = await numpulls(wanted);
  const plusOne = wanted.every((id) => now.get(id) === (was.get(id) ?? NaN) + 1);
  check(
    `updateMany {_id: {$in: ${wanted.length} existing + 5 missing}} $inc`,
    many.matchedCount === wanted.length && many.modifiedCount === wanted.length && plusOne,
    `matched ${many.matchedCount}, modified ${many.modifiedCount}, each +1: ${plusOne}`,
  );

  const some = spreadIds(n, 7, Math.min(20, n));
  const found = await collection
    .find({ _id: { $in: [...some, "missing-1", "missing-2"] } }, { projection: { _id: 1 } })
    .toArray();
  const same = found.length === some.length && found.every((d) => some.includes(d._id));
  check("find {_id: {$in: 20 existing + 2 missing}} returns exactly those 20", same, `${found.length} found`);

  const doomed = Array.from({ length: 10 }, (_, k) => `d${n}-${k}`);
  await collection.insertMany(doomed.map((id, k) => ({ ...(doc(k, "d") as Repo), _id: id })));
  const deleted = await collection.deleteMany({ _id: { $in: [...doomed, "missing-1"] } });
  const left = await collection.countDocuments({ _id: { $in: doomed } });
  check(
    "deleteMany {_id: {$in: 10 existing + 1 missing}} deletes those 10",
    deleted.deletedCount === 10 && left === 0,
    `deleted ${deleted.deletedCount}, left ${left}`,
  );

  const mixed = { _id: { $in: ["r1", 1] } } as unknown as Filter<Repo>;
  const mixedPushed = (await explain(untyped, mixed as Document)).pushed;
  const mixedFound = await collection.find(mixed).toArray();
  check(
    "{_id: {$in: [string, number]}} is not pushed down and still correct",
    !mixedPushed && mixedFound.length === 1 && mixedFound[0]._id === "r1",
    `filterPushdown ${mixedPushed}, ${mixedFound.length} found`,
  );
  return checks;
}

/** Runs the probe and prints a table (or JSON with --json). */
export async function main(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const sizes = quick ? [100, 10_000] : [100, 10_000, 100_000];
  const seconds = quick ? 0.5 : 1.5;
  const flag = args.indexOf("--binary");
  const binary = flag >= 0 ? path.resolve(args[flag + 1]) : await ensureBinary((line) => progress(line));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drec-db-probe-"));
  const db = await launchEmbedded({ binary, dir, port: 0, log: pino({ level: "warn" }) });
  const client = new MongoClient(db.uri, { maxPoolSize: 16 });
  const rows: ProbeRow[] = [];
  const checks: ProbeCheck[] = [];
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
        checks.push(...(await idChecks(collection, n)));
        await collection.deleteMany({ _id: { $regex: "^n" } } as Document);
      }
    } finally {
      await client.close();
      await db.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (args.includes("--json")) process.stdout.write(`${JSON.stringify({ rows, checks }, null, 2)}\n`);
  else {
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
      )}\n\n`,
    );
    process.stdout.write(
      `${table(
        ["docs", "check", "result", "detail"],
        checks.map((c) => [c.documents.toLocaleString("en-US"), c.check, c.ok ? "ok" : "FAILED", c.detail]),
      )}\n`,
    );
  }
  if (checks.some((c) => !c.ok) || rows.some((r) => r.note.includes("WRONG"))) process.exitCode = 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`db-probe: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
