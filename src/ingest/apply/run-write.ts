// Executes one planned write. Counted writes carry a marker: the filter excludes documents that already
// hold it (or a marker standing for the same changes, see apply/apply-document.ts), and the same update
// adds it, so the counters move at most once per batch.
import type { Model } from "mongoose";
import { isDuplicateKey } from "../../store/database-errors";
import type { IngestDeps } from "../ingest-deps";
import { address } from "../../store/document-filter";
import type { UpdateStatement } from "../../store/bulk-update";
import type { Doc, PlannedWrite, Target } from "../plan/plan-event";
import { renameRepositories } from "./rename-repository";

// Plans address models by name; the union of the concrete model types has no callable updateOne.
type AnyModel = Model<Doc>;
/** The model a plan's target names. */
export const modelOf = (deps: IngestDeps, target: Target): AnyModel =>
  deps.models[target] as unknown as AnyModel;

// setDefaultsOnInsert off: schema defaults would land in $setOnInsert next to our own $inc of the path.
const UPSERT = { upsert: true, setDefaultsOnInsert: false } as const;

/** A counted upsert of one document: the folded changes of every event of a batch to that document. */
export interface CountedWrite {
  name: string;
  target: Target;
  key: Doc;
  update: Doc;
}

/** A counted write's outcome: written now, or skipped because the document holds some of `skip`. */
export type WriteResult = { written: true } | { written: false; markers: string[] };

/**
 * The upsert of a counted write: skips a document holding one of the markers in `skip` (which must
 * include `marker`) and adds `marker` in the same update.
 */
export function countedStatement(
  deps: IngestDeps,
  write: CountedWrite,
  marker: string,
  skip: string[],
): UpdateStatement {
  const addToSet = { ...((write.update.$addToSet as Doc | undefined) ?? {}), inflight: marker };
  return {
    filter: { ...address(deps.repositoryIds, write.target, write.key), inflight: { $nin: skip } },
    update: { ...write.update, $addToSet: addToSet },
    upsert: true,
  };
}

/**
 * Applies a counted write unless the document holds one of the markers in `skip` (which must include
 * `marker`), and adds `marker` in the same update. An E11000 means: the document holds such a marker
 * (the filter missed it, so the upsert tried to insert a second one), another request inserted the
 * document between our filter and our insert, or (repositories) a document of that name has an id we
 * did not know.
 */
export async function countedWrite(
  deps: IngestDeps,
  write: CountedWrite,
  marker: string,
  skip: string[] = [marker],
): Promise<WriteResult> {
  const model = modelOf(deps, write.target);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const filter = address(deps.repositoryIds, write.target, write.key);
    try {
      const statement = countedStatement(deps, write, marker, skip);
      await model.updateOne(statement.filter, statement.update, UPSERT);
      return { written: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const found = await model.findOne(filter, { inflight: 1 }).lean<{ inflight?: unknown }>();
    const held = Array.isArray(found?.inflight) ? (found.inflight as unknown[]) : [];
    const markers = skip.filter((m) => held.includes(m));
    if (markers.length > 0) return { written: false, markers };
    if (write.target === "repositories") await deps.repositoryIds.refresh(String(write.key.repositoryname));
  }
  throw new Error(
    `could not apply batch ${marker} to ${model.collection.name}: unique-key conflicts persist`,
  );
}

// Idempotent upserts only race with a concurrent insert of the same key; once it exists, retrying updates it.
async function idempotentUpsert(deps: IngestDeps, target: Target, key: Doc, update: Doc): Promise<void> {
  const model = modelOf(deps, target);
  try {
    await model.updateOne(address(deps.repositoryIds, target, key), update, UPSERT);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await model.updateOne(address(deps.repositoryIds, target, key), update, UPSERT);
  }
}

async function inheritDigestDelete(deps: IngestDeps, write: PlannedWrite & { op: "inherit-digest-delete" }) {
  const { repository, tag, digest, at } = write;
  const digestKey = address(deps.repositoryIds, "digests", { repository, digest });
  const found = await deps.models.digests.findOne(digestKey, { deletedAt: 1 }).lean();
  const deletedAt = found?.deletedAt;
  if (!deletedAt || deletedAt < at) return;
  await deps.models.tags.updateOne(
    {
      ...address(deps.repositoryIds, "tags", { repository, tag }),
      digest,
      lastPushedAt: { $lte: deletedAt },
    },
    { $set: { deleted: true }, $max: { deletedAt } },
  );
}

async function deleteAll(deps: IngestDeps, target: Target, filter: Doc): Promise<void> {
  const result = await modelOf(deps, target).deleteMany(filter);
  if (target === "repositories" && result.deletedCount > 0)
    deps.repositoryIds.forget(String(filter.repositoryname));
}

/** Executes one write of an event's plan other than a counted one (those are folded per batch). */
export async function runWrite(
  deps: IngestDeps,
  write: Exclude<PlannedWrite, { op: "counted" }>,
): Promise<void> {
  switch (write.op) {
    case "upsert":
      return idempotentUpsert(deps, write.target, write.key, write.update);
    case "update":
      await modelOf(deps, write.target).updateOne(
        { ...address(deps.repositoryIds, write.target, write.key), ...write.filter },
        write.update,
      );
      return;
    case "update-many":
      await modelOf(deps, write.target).updateMany(write.filter, write.update);
      return;
    case "delete":
      return deleteAll(deps, write.target, write.filter);
    case "inherit-digest-delete":
      return inheritDigestDelete(deps, write);
    case "rename":
      return renameRepositories(deps, write);
  }
}
