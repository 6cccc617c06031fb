import type { Model } from "mongoose";
import { findByIds } from "../store/find-by-ids";
import type { ReadModel } from "../read-model/read-model";
import type { RepositoryDoc } from "../store/models/repository.model";
import { storedCount, storedDate } from "../read-model/stored-field-values";

/** A repository's usage signals beyond the original collector's counts. */
export interface RepositoryUsage {
  checkCount: number;
  lastCheckedAt: Date | null;
  /** Pulls by automated clients, included in numpulls. */
  automatedPullCount: number;
}

const NONE: RepositoryUsage = Object.freeze({
  checkCount: 0,
  lastCheckedAt: null,
  automatedPullCount: 0,
});

// Only the usage fields: the read model that lists repositories does not hold them.
const PROJECTION = { repositoryname: 1, checkCount: 1, lastCheckedAt: 1, automatedPullCount: 1 } as const;

/** Reads usage fields of repository documents, many repositories per `_id` query. */
export class UsageService {
  constructor(
    private readonly model: Model<RepositoryDoc>,
    private readonly cache: ReadModel,
  ) {}

  /** Each name's usage; a repository without a document gets zero and null. */
  async forRepositories(names: readonly string[]): Promise<RepositoryUsage[]> {
    const ids = names.flatMap((name) => {
      const id = (this.cache.key(name) as { _id: unknown })._id;
      return id !== null && typeof id === "object" && "$in" in id ? (id.$in as unknown[]) : [id];
    });
    const docs = await findByIds<RepositoryDoc>(this.model, ids, PROJECTION);
    const byName = new Map(docs.map((doc) => [doc.repositoryname, doc]));
    return names.map((name) => {
      const doc = byName.get(name);
      if (!doc) return NONE;
      return {
        checkCount: storedCount(doc.checkCount) ?? 0,
        lastCheckedAt: storedDate(doc.lastCheckedAt),
        automatedPullCount: storedCount(doc.automatedPullCount) ?? 0,
      };
    });
  }
}
