// Executes one planned write. Counted writes carry the event's in-flight marker: the filter excludes
// documents that already hold it, and the same update adds it, so the counters move at most once.
import type { Model } from "mongoose";
import { isDuplicateKey } from "../db-errors";
import type { IngestDeps } from "../ingest-deps";
import type { Doc, PlannedWrite, Target } from "./plan-updates";

// Plans address models by name; the union of the concrete model types has no callable updateOne.
type AnyModel = Model<Doc>;
const modelOf = (deps: IngestDeps, target: Target): AnyModel => deps.models[target] as unknown as AnyModel;

// setDefaultsOnInsert off: schema defaults would land in $setOnInsert next to our own $inc of the path.
const UPSERT = { upsert: true, setDefaultsOnInsert: false } as const;

/** Whether a counted write changed its document now or had already been applied by this event. */
export type WriteResult = "written" | "already-applied";

async function countedUpsert(model: AnyModel, key: Doc, update: Doc, eventId: string): Promise<WriteResult> {
  const addToSet = { ...((update.$addToSet as Doc | undefined) ?? {}), inflight: eventId };
  const marked = { ...update, $addToSet: addToSet };
  // An E11000 means: the document holds the marker (the filter missed it, so the upsert tried to insert
  // a second one), or another request inserted the document between our filter and our insert.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await model.updateOne({ ...key, inflight: { $ne: eventId } }, marked, UPSERT);
      return "written";
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    if (await model.exists({ ...key, inflight: eventId })) return "already-applied";
  }
  throw new Error(
    `could not apply event ${eventId} to ${model.collection.name}: unique-key conflicts persist`,
  );
}

// Idempotent upserts only race with a concurrent insert of the same key; once it exists, retrying updates it.
async function idempotentUpsert(model: AnyModel, key: Doc, update: Doc): Promise<void> {
  try {
    await model.updateOne(key, update, UPSERT);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await model.updateOne(key, update, UPSERT);
  }
}

async function inheritDigestDelete(deps: IngestDeps, write: PlannedWrite & { op: "inherit-digest-delete" }) {
  const { repository, tag, digest, at } = write;
  const found = await deps.models.digests.findOne({ repository, digest }, { deletedAt: 1 }).lean();
  const deletedAt = found?.deletedAt;
  if (!deletedAt || deletedAt < at) return;
  await deps.models.tags.updateOne(
    { repository, tag, digest, lastPushedAt: { $lte: deletedAt } },
    { $set: { deleted: true }, $max: { deletedAt } },
  );
}

/** Executes one write of an event's plan. */
export async function runWrite(deps: IngestDeps, eventId: string, write: PlannedWrite): Promise<WriteResult> {
  switch (write.op) {
    case "counted":
      return countedUpsert(modelOf(deps, write.target), write.key, write.update, eventId);
    case "upsert":
      await idempotentUpsert(modelOf(deps, write.target), write.key, write.update);
      return "written";
    case "update":
      if (write.many) await modelOf(deps, write.target).updateMany(write.filter, write.update);
      else await modelOf(deps, write.target).updateOne(write.filter, write.update);
      return "written";
    case "delete":
      await modelOf(deps, write.target).deleteMany(write.filter);
      return "written";
    case "inherit-digest-delete":
      await inheritDigestDelete(deps, write);
      return "written";
  }
}
