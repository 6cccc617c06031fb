// GitLab's rename: a repository (and every repository under it: GitLab moves a project's whole path)
// gets a new name, and its statistics follow, in every collection. drec writes without transactions
// (store/backend-quirks.ts says why) and an `_id` holds the name and cannot change, so each document is
// copied to its new `_id`, then the old one is removed.
// Idempotent: a copy carries `movedBy: <event id>` until its original is gone, so a retry after a
// crash in between knows its own copy from a document the new name already had.
import type { Model } from "mongoose";
import { isDuplicateKey } from "../../store/database-errors";
import type { IngestDeps } from "../ingest-deps";
import { childId } from "../../store/document-keys";
import { CHILD_KEY } from "../../store/document-filter";
import type { Doc, PlannedWrite, Target } from "../plan/plan-types";

type Rename = PlannedWrite & { op: "rename" };

const CHILDREN = ["tags", "digests", "actors", "daily", "clients"] as const;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const modelOf = (deps: IngestDeps, target: Target) => deps.models[target] as unknown as Model<Doc>;

/** Moves one document to `identity` (its new `_id` and name fields); false when the new one was taken. */
async function moveDocument(
  deps: IngestDeps,
  target: Target,
  doc: Doc,
  identity: Doc,
  eventId: string,
): Promise<boolean> {
  const { collection } = modelOf(deps, target);
  try {
    await collection.insertOne({ ...doc, ...identity, movedBy: eventId });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await collection.findOne({ _id: identity._id as never }, { projection: { movedBy: 1 } });
    if (existing?.movedBy !== eventId) {
      // The new name has statistics of its own: summing two histories is not a move. The old document
      // stays where it is, so nothing is lost; an operator can merge by hand.
      deps.log.warn(
        { target, from: doc._id, to: identity._id },
        "rename: the new name is taken; kept the old document",
      );
      return false;
    }
  }
  await collection.deleteOne({ _id: doc._id as never });
  await collection.updateOne({ _id: identity._id as never }, { $unset: { movedBy: "" } });
  return true;
}

/** Moves the statistics of `from` and of every repository under `from/` to the same names under `to`. */
export async function renameRepositories(deps: IngestDeps, { from, to, eventId }: Rename): Promise<void> {
  if (from === to) return;
  const renamed = (name: string) => to + name.slice(from.length);
  const matching = (field: string) => ({
    $or: [{ [field]: from }, { [field]: { $regex: `^${escapeRegex(from)}/` } }],
  });
  const repositories = await modelOf(deps, "repositories").find(matching("repositoryname")).lean<Doc[]>();
  for (const doc of repositories) {
    const name = renamed(String(doc.repositoryname));
    if (await moveDocument(deps, "repositories", doc, { _id: name, repositoryname: name }, eventId))
      deps.repositoryIds.forget(String(doc.repositoryname));
  }
  for (const target of CHILDREN) {
    const docs = await modelOf(deps, target).find(matching("repository")).lean<Doc[]>();
    for (const doc of docs) {
      const name = renamed(String(doc.repository));
      const id = childId(name, String(doc[CHILD_KEY[target]]));
      await moveDocument(deps, target, doc, { _id: id, repository: name }, eventId);
    }
  }
}
