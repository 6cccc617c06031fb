// Turns a plan's natural key into the filter a write uses: `_id` first, so the embedded FerretDB finds
// the document through its `_id` index (it ignores every other index), plus the key fields, which an
// upsert copies into a new document.
import { actorId, clientId, dailyId, digestId, tagId } from "./document-keys";
import type { RepositoryIds } from "./repository-ids";
import type { Doc, Target } from "../ingest/plan/plan-types";

/** The field that names a child document within its repository, per collection. */
export const CHILD_KEY = {
  tags: "tag",
  digests: "digest",
  actors: "actor",
  daily: "day",
  clients: "client",
} as const;
const CHILD_ID = {
  tags: tagId,
  digests: digestId,
  actors: actorId,
  daily: dailyId,
  clients: clientId,
} as const;

/** The filter that selects exactly the document `key` names in `target`. */
export function address(ids: RepositoryIds, target: Target, key: Doc): Doc {
  if (target === "repositories") return ids.key(String(key.repositoryname));
  const id = CHILD_ID[target](String(key.repository), String(key[CHILD_KEY[target]]));
  return { _id: id, ...key };
}

/** The repository a write's key belongs to. */
export const repositoryOf = (target: Target, key: Doc): string =>
  String(target === "repositories" ? key.repositoryname : key.repository);
