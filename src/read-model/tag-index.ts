// Tag names per repository, in memory, so a page of tags is computed without the database and then
// fetched by `_id`. Pure data: read-model.ts loads and updates it.
import { compareUtf8, firstIndex } from "./byte-order";

/** One repository's tag names in byte order, and which of them are deleted. */
interface RepositoryTags {
  names: string[];
  deleted?: Set<string>;
}

/** A tag name and whether the tag is deleted. */
export interface TagMark {
  tag: string;
  deleted: boolean;
}

/** Which tag names a page holds. */
export interface TagSlice {
  names: string[];
  hasNextPage: boolean;
  /** Tags of the repository (deleted ones only when asked for), ignoring pagination. */
  totalCount: number;
}

/** Tag names of every repository. */
export class TagIndex {
  private readonly byRepository = new Map<string, RepositoryTags>();
  private count = 0;

  /** Tags held, over all repositories. */
  get size(): number {
    return this.count;
  }

  /** Repositories that have tags. */
  repositories(): IterableIterator<string> {
    return this.byRepository.keys();
  }

  /** A repository's tags in byte order, with their deleted marks. */
  marks(repository: string): TagMark[] {
    const tags = this.byRepository.get(repository);
    if (!tags) return [];
    return tags.names.map((tag) => ({ tag, deleted: tags.deleted?.has(tag) ?? false }));
  }

  /** The names of one page: `first` tags after the name `after` (exclusive), by byte order. */
  slice(repository: string, first: number, after: string | undefined, includeDeleted: boolean): TagSlice {
    const tags = this.byRepository.get(repository);
    if (!tags) return { names: [], hasNextPage: false, totalCount: 0 };
    const { names, deleted } = tags;
    const visible = (name: string) => includeDeleted || !deleted?.has(name);
    const found: string[] = [];
    let i = after === undefined ? 0 : firstIndex(names, (name) => compareUtf8(name, after) > 0);
    for (; i < names.length && found.length <= first; i++) if (visible(names[i])) found.push(names[i]);
    return {
      names: found.slice(0, first),
      hasNextPage: found.length > first,
      totalCount: names.length - (includeDeleted ? 0 : (deleted?.size ?? 0)),
    };
  }

  /** Adds a tag or updates its deleted mark. */
  set(repository: string, tag: string, deleted: boolean): void {
    let tags = this.byRepository.get(repository);
    if (!tags) this.byRepository.set(repository, (tags = { names: [] }));
    const i = firstIndex(tags.names, (name) => compareUtf8(name, tag) >= 0);
    if (tags.names[i] !== tag) {
      tags.names.splice(i, 0, tag);
      this.count++;
    }
    mark(tags, tag, deleted);
  }

  /** Forgets a tag whose document is gone. */
  remove(repository: string, tag: string): void {
    const tags = this.byRepository.get(repository);
    if (!tags) return;
    const i = firstIndex(tags.names, (name) => compareUtf8(name, tag) >= 0);
    if (tags.names[i] !== tag) return;
    tags.names.splice(i, 1);
    this.count--;
    mark(tags, tag, false);
    if (tags.names.length === 0) this.byRepository.delete(repository);
  }

  /** Forgets every tag of a repository. */
  drop(repository: string): void {
    const tags = this.byRepository.get(repository);
    if (!tags) return;
    this.count -= tags.names.length;
    this.byRepository.delete(repository);
  }

  /** Sets a repository's whole tag list (any order); returns whether it differed from the stored one. */
  replace(repository: string, marks: readonly TagMark[]): boolean {
    const sorted = [...marks].sort((a, b) => compareUtf8(a.tag, b.tag));
    const current = this.byRepository.get(repository);
    if (current && sameTags(current, sorted)) return false;
    this.drop(repository);
    if (sorted.length === 0) return current !== undefined;
    const tags: RepositoryTags = { names: sorted.map((m) => m.tag) };
    for (const m of sorted) if (m.deleted) mark(tags, m.tag, true);
    this.byRepository.set(repository, tags);
    this.count += tags.names.length;
    return true;
  }
}

function mark(tags: RepositoryTags, tag: string, deleted: boolean): void {
  if (deleted) (tags.deleted ??= new Set()).add(tag);
  else if (tags.deleted?.delete(tag) && tags.deleted.size === 0) tags.deleted = undefined;
}

function sameTags(current: RepositoryTags, sorted: readonly TagMark[]): boolean {
  return (
    current.names.length === sorted.length &&
    sorted.every((m, i) => current.names[i] === m.tag && (current.deleted?.has(m.tag) ?? false) === m.deleted)
  );
}
