import crypto from "node:crypto";
import type { Model, QueryFilter } from "mongoose";
import type { ChangeRecorder, StatsChange, StatsChanges } from "../read-model/change-feed";
import type { ReadModel } from "../read-model/read-model";
import type { KeyedLock } from "../store/repository-lock";
import type { RepositoryDoc } from "../store/models/repository.model";
import { findRepositoryStats, type RepositoryStats } from "./repository.service";
import type { Updates } from "./repository-updated-bus";

/** The repository after a star or unstar, and whether the call changed anything. */
export interface StarResult {
  repository: RepositoryStats;
  changed: boolean;
}

/**
 * Stars live on the repository document, so each change is one conditional update by `_id`: the filter
 * only matches when the user's star record is (or is not) there, and numstars moves with it. A change
 * is recorded in the change log (for the other drec processes on the database), published on the stats
 * bus, and the read model applies it before the call returns, so the caller's next list already shows it.
 */
export class StarService {
  constructor(
    private readonly model: Model<RepositoryDoc>,
    private readonly cache: Pick<ReadModel, "key" | "settled">,
    private readonly updates: Updates,
    private readonly changes: StatsChanges,
    private readonly lock: KeyedLock,
    private readonly changeLog?: ChangeRecorder,
  ) {}

  /** Stars for `user`; null when the repository is unknown. Starring twice changes nothing. */
  star(name: string, user: string): Promise<StarResult | null> {
    return this.apply(
      name,
      { starredBy: { $ne: user } },
      { $addToSet: { starredBy: user }, $inc: { numstars: 1 } },
    );
  }

  /** Removes `user`'s star; null when the repository is unknown. Unstarring twice changes nothing. */
  unstar(name: string, user: string): Promise<StarResult | null> {
    return this.apply(name, { starredBy: user }, { $pull: { starredBy: user }, $inc: { numstars: -1 } });
  }

  // The update is the whole change; the read after it only fetches what to answer with.
  private async apply(
    name: string,
    condition: Record<string, unknown>,
    update: Record<string, unknown>,
  ): Promise<StarResult | null> {
    const key = this.cache.key(name);
    // Through the repository's write lock, like ingest: the embedded database may otherwise lose
    // concurrent updates (store/backend-quirks.ts).
    const { modifiedCount } = await this.lock.run(name, () =>
      this.model.updateOne({ ...key, ...condition } as QueryFilter<RepositoryDoc>, update),
    );
    if (modifiedCount > 0) await this.publish({ repository: name, tags: [], deleted: false });
    const [repository] = await Promise.all([findRepositoryStats(this.model, key), this.cache.settled()]);
    return repository ? { repository, changed: modifiedCount > 0 } : null;
  }

  private async publish(change: StatsChange): Promise<void> {
    const key = `star:${crypto.randomUUID()}`;
    // The star is stored: a change log that cannot be written only delays the other processes (their
    // next full re-read shows it), so the caller still gets its answer.
    await this.changeLog?.record(key, [change]).catch(() => undefined);
    this.updates.publish("REPOSITORY_UPDATED", change.repository);
    this.changes.publish([change]);
    this.changeLog?.published(key);
  }
}
