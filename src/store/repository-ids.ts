// Repository documents drec creates use the repository name as their `_id`, so every write and lookup
// is a point operation on the `_id` index. Documents written by the original collector (or by anyone
// else) carry other ids, usually ObjectIds; those are read once at start and kept in a map.
import type { Model } from "mongoose";
import type { RepositoryDoc } from "./models/repository.model";

/** The `_id` of a repository document: its name, or the id a legacy document came with. */
export type RepositoryId = unknown;

/** Maps repository names to the `_id` of their document in the original's collection. */
export class RepositoryIds {
  private readonly legacy = new Map<string, RepositoryId>();

  constructor(private readonly model: Model<RepositoryDoc>) {}

  /** Reads every document's id once (one scan); returns how many do not use their name as `_id`. */
  async load(): Promise<number> {
    this.legacy.clear();
    const cursor = this.model
      .find({}, { repositoryname: 1 })
      .lean<{ _id: unknown; repositoryname: unknown }>()
      .cursor();
    for await (const doc of cursor) {
      if (typeof doc.repositoryname === "string" && doc._id !== doc.repositoryname) {
        this.legacy.set(doc.repositoryname, doc._id);
      }
    }
    return this.legacy.size;
  }

  /** Remembers the `_id`s a full read found (the read model's load), without a scan of its own. */
  learn(ids: Iterable<readonly [string, RepositoryId]>): void {
    for (const [name, id] of ids) if (!sameId(id, name)) this.legacy.set(name, id);
  }

  /** The `_id` of the repository's document, existing or to be created. */
  idOf(name: string): RepositoryId {
    return this.legacy.has(name) ? this.legacy.get(name) : name;
  }

  /** A filter that matches exactly the repository's document through the `_id` index. */
  key(name: string): { _id: RepositoryId; repositoryname: string } {
    return { _id: this.idOf(name), repositoryname: name };
  }

  /**
   * Looks the name up in the collection (a scan on FerretDB): for a document another writer created
   * after start. Returns whether the known id changed.
   */
  async refresh(name: string): Promise<boolean> {
    const before = this.idOf(name);
    const doc = await this.model.findOne({ repositoryname: name }, { _id: 1 }).lean<{ _id: unknown }>();
    if (doc && doc._id !== name) this.legacy.set(name, doc._id);
    else this.legacy.delete(name);
    return !sameId(before, this.idOf(name));
  }

  /** Forgets a deleted repository's legacy id: a new document for the name will use the name. */
  forget(name: string): void {
    this.legacy.delete(name);
  }
}

/** Whether two document ids are the same: equal, or an ObjectId and its hex string (null matches only null). */
export function sameId(a: RepositoryId, b: RepositoryId): boolean {
  return (
    a === b || (a !== undefined && b !== undefined && a !== null && b !== null && String(a) === String(b))
  );
}
