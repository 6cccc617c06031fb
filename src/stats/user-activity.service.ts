// One registry user's (event actor's) activity across repositories, from drec_actors. On the embedded
// database the filter by actor scans the collection (its _id starts with the repository; see
// store/backend-quirks.ts).
import type { Model } from "mongoose";
import type { ActorDoc } from "../store/models/actor.model";

/** How much the user pushed and pulled one repository. */
export interface UserRepositoryStats {
  repository: string;
  pushCount: number;
  pullCount: number;
  lastSeenAt: Date | null;
}

/** The user's totals and per-repository statistics, most recently seen first. */
export interface UserActivity {
  name: string;
  pushCount: number;
  pullCount: number;
  lastSeenAt: Date | null;
  repositoryCount: number;
  repositories: UserRepositoryStats[];
}

const seen = (stats: UserRepositoryStats) => stats.lastSeenAt?.getTime() ?? -Infinity;

/** Reads a user's activity. */
export class UserActivityService {
  constructor(private readonly actors: Model<ActorDoc>) {}

  /** The user's activity; null when drec has no event of that actor. */
  async get(name: string): Promise<UserActivity | null> {
    const docs = await this.actors
      .find({ actor: name }, { _id: 0, repository: 1, pushCount: 1, pullCount: 1, lastSeenAt: 1 })
      .lean<Pick<ActorDoc, "repository" | "pushCount" | "pullCount" | "lastSeenAt">[]>();
    if (docs.length === 0) return null;
    const repositories = docs
      .map((doc) => ({
        repository: doc.repository,
        pushCount: doc.pushCount ?? 0,
        pullCount: doc.pullCount ?? 0,
        lastSeenAt: doc.lastSeenAt ?? null,
      }))
      .sort((a, b) => seen(b) - seen(a) || (a.repository < b.repository ? -1 : 1));
    return {
      name,
      pushCount: repositories.reduce((sum, r) => sum + r.pushCount, 0),
      pullCount: repositories.reduce((sum, r) => sum + r.pullCount, 0),
      lastSeenAt: repositories[0].lastSeenAt,
      repositoryCount: repositories.length,
      repositories,
    };
  }
}
