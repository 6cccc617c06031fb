// One full read of the repository and tag collections into the in-memory list and tag index: what
// the read model (read-model.ts) does at start and on every periodic reload.
import type { Model } from "mongoose";
import type { RepositoryDoc } from "../store/models/repository.model";
import type { TagDoc } from "../store/models/tag.model";
import type { RepositoryList, RepositoryRecord } from "./repository-list";
import type { TagIndex, TagMark } from "./tag-index";

/** Counts of one full load. */
export interface LoadStats {
  repositories: number;
  tags: number;
  /** Repositories and tag lists that differed from memory (all of them on the first load). */
  changedRepositories: number;
  changedTagLists: number;
  ms: number;
}

const CURSOR_BATCH = 500;
/** Changed documents a load collects before applying them. */
const APPLY_BATCH = 5000;

/** The fields the list keeps; everything else (inflight markers, foreign fields) stays in the database. */
export const LIST_PROJECTION = {
  repositoryname: 1,
  numpulls: 1,
  numpushs: 1,
  numstars: 1,
  firstpushed: 1,
  lastpushed: 1,
  firstpulled: 1,
  lastpulled: 1,
  createdAt: 1,
  actors: 1,
  starredBy: 1,
} as const;

export const TAG_MARK_PROJECTION = { repository: 1, tag: 1, deleted: 1, _id: 0 } as const;

export type ListDoc = Partial<RepositoryDoc> & { _id?: unknown };
export type MarkDoc = Pick<TagDoc, "repository" | "tag" | "deleted">;

/**
 * Scans both collections and applies what differs from memory. Repositories in `touched` were refreshed
 * while the scan ran: its older copy must not overwrite them.
 */
export async function scanAll(
  models: { repositories: Model<RepositoryDoc>; tags: Model<TagDoc> },
  list: RepositoryList,
  index: TagIndex,
  touched: ReadonlySet<string>,
): Promise<Omit<LoadStats, "ms">> {
  // Repositories: only what differs from memory is kept, and applied every APPLY_BATCH documents,
  // so a load holds little besides the list (its garbage would let the heap grow for good).
  const seen = new Set<string>();
  let changed: [string, RepositoryRecord | null][] = [];
  let changedRepositories = 0;
  const flush = () => {
    changedRepositories += list.apply(changed.filter(([name]) => !touched.has(name)));
    changed = [];
  };
  const cursor = models.repositories
    .find({}, LIST_PROJECTION)
    .lean<ListDoc>()
    .cursor({ batchSize: CURSOR_BATCH });
  for await (const doc of cursor) {
    const name = doc.repositoryname;
    if (typeof name !== "string") continue;
    seen.add(name);
    if (!list.holds(doc)) changed.push([name, list.recordOf(doc)]);
    if (changed.length >= APPLY_BATCH) flush();
  }
  for (const name of list.repositoryNames()) if (!seen.has(name)) changed.push([name, null]);
  flush();

  const lists = new Map<string, TagMark[]>();
  const tagCursor = models.tags
    .find({}, TAG_MARK_PROJECTION)
    .lean<MarkDoc>()
    .cursor({ batchSize: CURSOR_BATCH });
  let tags = 0;
  for await (const doc of tagCursor) {
    if (typeof doc.repository !== "string" || typeof doc.tag !== "string") continue;
    let marks = lists.get(doc.repository);
    if (!marks) lists.set(doc.repository, (marks = []));
    marks.push({ tag: doc.tag, deleted: doc.deleted === true });
    tags++;
  }
  for (const name of [...index.repositories()]) if (!lists.has(name)) lists.set(name, []);
  let changedTagLists = 0;
  for (const [name, marks] of lists) if (!touched.has(name) && index.replace(name, marks)) changedTagLists++;

  return { repositories: seen.size, tags, changedRepositories, changedTagLists };
}
