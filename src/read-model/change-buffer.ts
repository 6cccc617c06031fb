// Changes waiting to be handled (re-read by the read model, written to the change log), merged per
// repository, so a repository changed by many batches is handled once.
import type { StatsChange } from "./change-feed";

/** Changes merged by repository, taken in entry-sized lists. */
export class ChangeBuffer {
  private readonly pending = new Map<string, { tags: Set<string>; deleted: boolean }>();

  /** Repositories waiting. */
  get size(): number {
    return this.pending.size;
  }

  /** Merges changes in (tags united, deleted kept once set). */
  add(changes: readonly StatsChange[]): void {
    for (const change of changes) {
      let entry = this.pending.get(change.repository);
      if (!entry) this.pending.set(change.repository, (entry = { tags: new Set(), deleted: false }));
      for (const tag of change.tags) entry.tags.add(tag);
      entry.deleted ||= change.deleted;
    }
  }

  /** Removes and returns the changes of up to `limit` repositories, oldest first. */
  take(limit: number): StatsChange[] {
    const taken: StatsChange[] = [];
    for (const [repository, { tags, deleted }] of this.pending) {
      if (taken.length >= limit) break;
      taken.push({ repository, tags: [...tags], deleted });
      this.pending.delete(repository);
    }
    return taken;
  }
}
