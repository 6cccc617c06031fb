// Leftover markers: the applier removes a batch's markers after marking it applied (apply/marker-sweep.ts);
// a crash in between leaves them behind. They are harmless but dead weight; this sweep at start removes
// those whose batch is no longer pending.
import { pullAll } from "../../store/backend-quirks";
import type { EventDoc } from "../../store/models/event.model";
import { batchOfMarker } from "./apply-document";
import type { IngestDeps } from "../ingest-deps";
import type { Target } from "../plan/plan-event";
import { modelOf } from "./run-write";

const TARGETS: Target[] = ["repositories", "tags", "digests", "actors", "daily"];

// Enough to clear a backlog at startup without reading whole collections.
const SWEEP_LIMIT = 10_000;

type Marked = { _id: unknown; inflight: string[]; repository?: string; repositoryname?: string };

// A marker is a batch id, or `batch:eventId` for one event's own write (apply-document.ts);
// markers of drec before batching were event ids.
async function unfinished(deps: IngestDeps, markers: string[]): Promise<Set<string>> {
  const batches = [...new Set(markers.map(batchOfMarker))];
  const pending = await deps.models.events
    .find(
      { state: "pending", $or: [{ batch: { $in: batches } }, { _id: { $in: markers } }] },
      { _id: 1, batch: 1 },
    )
    .lean<Pick<EventDoc, "_id" | "batch">[]>();
  const keep = new Set(pending.flatMap((entry) => [entry._id, ...(entry.batch ? [entry.batch] : [])]));
  return new Set(markers.filter((m) => keep.has(m) || keep.has(batchOfMarker(m))));
}

/**
 * Removes leftover markers of events that are no longer pending (applied, or pruned from the ledger).
 * `stopping` is asked between collections, so a shutdown waits for one scan at most.
 */
export async function sweepMarkers(deps: IngestDeps, stopping = () => false): Promise<number> {
  let cleared = 0;
  for (const target of TARGETS) {
    if (stopping()) break;
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
      await deps.lock.run(repository, () => model.updateOne({ _id: doc._id }, pullAll("inflight", done)));
      cleared += done.length;
    }
  }
  return cleared;
}
