import type { Model } from "mongoose";
import type { ActorDoc } from "./actor.model";
import { groupBy } from "./tag.service";

/** How much one actor (registry user) pushed and pulled one repository. */
export interface ActorStats {
  repository: string;
  name: string;
  pushCount: number;
  pullCount: number;
  lastSeenAt: Date | null;
}

/** Reads per-actor statistics, many repositories per query. */
export class ActorService {
  constructor(private readonly model: Model<ActorDoc>) {}

  /** Each repository's actors, busiest first (pushes plus pulls), then by name. */
  async forRepositories(names: readonly string[]): Promise<Map<string, ActorStats[]>> {
    const docs = await this.model
      .find({ repository: { $in: [...names] } }, { inflight: 0, _id: 0 })
      .lean<ActorDoc[]>();
    const actors = docs.map(toActorStats).sort(busiestFirst);
    return groupBy(actors, (a) => a.repository);
  }
}

function busiestFirst(a: ActorStats, b: ActorStats): number {
  const diff = b.pushCount + b.pullCount - (a.pushCount + a.pullCount);
  return diff !== 0 ? diff : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function toActorStats(doc: ActorDoc): ActorStats {
  return {
    repository: doc.repository,
    name: doc.actor,
    pushCount: doc.pushCount ?? 0,
    pullCount: doc.pullCount ?? 0,
    lastSeenAt: doc.lastSeenAt ?? null,
  };
}
