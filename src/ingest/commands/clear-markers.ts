// Markers are only needed until the ledger says applied; after that they are dead weight in documents
// that are read often. Removing one late (or never, after a crash) is harmless: the startup sweep does it.
import type { Model } from "mongoose";
import type { EventDoc } from "../../stats/event.model";
import type { IngestDeps } from "../ingest-deps";
import type { Doc, Target } from "./plan-updates";

const TARGETS: Target[] = ["repositories", "tags", "digests", "actors", "daily"];

// Enough to clear a backlog at startup without reading whole collections.
const SWEEP_LIMIT = 10_000;

type AnyModel = Model<Doc>;
const modelOf = (deps: IngestDeps, target: Target): AnyModel => deps.models[target] as unknown as AnyModel;

/** Removes an applied event's marker from the documents it marked; the caller holds the repository lock. */
export async function clearMarkers(deps: IngestDeps, eventId: string, docs: { target: Target; key: Doc }[]) {
  await Promise.all(
    docs.map(({ target, key }) => modelOf(deps, target).updateOne(key, { $pull: { inflight: eventId } })),
  );
}

type Marked = { _id: unknown; inflight: string[]; repository?: string; repositoryname?: string };

async function unfinished(deps: IngestDeps, ids: string[]): Promise<Set<string>> {
  const pending = await deps.models.events
    .find({ _id: { $in: ids }, state: "pending" }, { _id: 1 })
    .lean<Pick<EventDoc, "_id">[]>();
  return new Set(pending.map((entry) => entry._id));
}

/** Removes leftover markers of events that are no longer pending (applied, or pruned from the ledger). */
export async function sweepMarkers(deps: IngestDeps): Promise<number> {
  let cleared = 0;
  for (const target of TARGETS) {
    const model = modelOf(deps, target);
    const marked = await model
      .find({ "inflight.0": { $exists: true } }, { inflight: 1, repository: 1, repositoryname: 1 })
      .limit(SWEEP_LIMIT)
      .lean<Marked[]>();
    if (marked.length === 0) continue;
    const keep = await unfinished(deps, [...new Set(marked.flatMap((doc) => doc.inflight))]);
    for (const doc of marked) {
      const done = doc.inflight.filter((id) => !keep.has(id));
      if (done.length === 0) continue;
      const repository = String(doc.repository ?? doc.repositoryname);
      await deps.lock.run(repository, () =>
        // $pullAll: FerretDB 1.24 ignores a $pull with a condition such as {$in: [...]}.
        model.updateOne({ _id: doc._id }, { $pullAll: { inflight: done } }),
      );
      cleared += done.length;
    }
  }
  return cleared;
}
