import type { Model } from "mongoose";
import type { ActorDoc } from "../store/models/actor.model";
import { findByIds } from "../store/find-by-ids";
import { actorId } from "../store/document-keys";
import { groupBy } from "./tag.service";

/** How much one actor (registry user) pushed and pulled one repository. */
export interface ActorStats {
  repository: string;
  name: string;
  pushCount: number;
  pullCount: number;
  lastSeenAt: Date | null;
}

/** A repository and the actor names its document lists (`actors`, kept by ingest with the actor records). */
export interface ActorsKey {
  repository: string;
  actors: readonly string[];
}

/** Reads per-actor statistics, many repositories per query. */
export class ActorService {
  constructor(private readonly model: Model<ActorDoc>) {}

  /**
   * Each repository's actors, busiest first (pushes plus pulls), then by name: the actor records named
   * by the repository documents' `actors`, in one `_id` query.
   */
  async forRepositories(keys: readonly ActorsKey[]): Promise<Map<string, ActorStats[]>> {
    const ids = new Set<string>();
    for (const key of keys) for (const actor of key.actors) ids.add(actorId(key.repository, actor));
    const docs = await findByIds<ActorDoc>(this.model, [...ids], { inflight: 0, _id: 0 });
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
