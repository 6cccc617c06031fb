// The ceiling: the least any collector must do to count an event, one atomic upsert of the repository
// document, sent straight through the mongodb driver (no HTTP, TLS, JSON or exactly-once bookkeeping).
// It addresses the document by `_id` = name, as drec does: on the embedded FerretDB only `_id` is
// answered from an index, so an upsert by `repositoryname` alone would scan the collection and make the
// ceiling (and every ratio to it) depend on R instead of on the database's real cost of one upsert.
import type { Collection } from "mongodb";
import { repoName, rng, type ZipfPicker } from "./catalog";
import { runFor, timeInto } from "./load";
import { Samples, type LatencySummary } from "./stats";

/** Outcome of one ceiling phase. */
export interface CeilingResult {
  concurrency: number;
  seconds: number;
  operations: number;
  errors: number;
  /** Upserts still running when the phase cap ended the phase. */
  abandoned: number;
  opsPerSecond: number;
  latency: LatencySummary;
}

/** Upserts repository documents (Zipf-chosen among R) from `concurrency` workers for `seconds`. */
export async function runCeilingPhase(
  collection: Collection<{ _id: string }>,
  zipf: ZipfPicker,
  concurrency: number,
  seconds: number,
  capSeconds: number,
  seed: number,
): Promise<CeilingResult> {
  const random = rng(seed);
  const samples = new Samples();
  let errors = 0;
  const timing = await runFor(concurrency, seconds, capSeconds, async (_worker, signal) => {
    const repositoryname = repoName(zipf.pick(random()));
    const result = await timeInto([samples], signal, () =>
      collection.updateOne(
        { _id: repositoryname, repositoryname },
        { $inc: { numpulls: 1 }, $max: { lastpulled: new Date() } },
        { upsert: true },
      ),
    );
    if (!result.ok && result.error !== undefined) errors += 1;
  });
  const elapsed = timing.seconds;
  return {
    concurrency,
    seconds: elapsed,
    operations: samples.completed,
    errors,
    abandoned: timing.abandoned,
    opsPerSecond: samples.completed / elapsed,
    latency: samples.summary(),
  };
}
