import DataLoader from "dataloader";
import type { DailyActivity } from "../stats/activity.service";
import type { ActorStats, ActorsKey } from "../stats/actor.service";
import type { ImageStats } from "../stats/image.service";
import type { TagPage, TagPageRequest } from "../stats/tag.service";
import type { RepositoryUsage } from "../stats/usage.service";
import type { Services } from "./services";

/** A repository's activity window. */
export interface ActivityKey {
  repository: string;
  days: number;
}

/**
 * Per-operation batch loaders: a page of repositories asking for tags makes one query, not one each.
 * Star membership comes from memory; the loader only keeps one answer per operation (mutations prime it).
 */
export interface Loaders {
  tags: DataLoader<TagPageRequest, TagPage, string>;
  actors: DataLoader<ActorsKey, ActorStats[], string>;
  activity: DataLoader<ActivityKey, DailyActivity[], string>;
  starred: DataLoader<string, boolean>;
  /** Usage fields of repository documents, by repository name. */
  usage: DataLoader<string, RepositoryUsage>;
  /** Every image of a repository, unordered, by repository name. */
  images: DataLoader<string, ImageStats[]>;
}

/** Creates the loaders for one operation of `user`. */
export function createLoaders(services: Services, user: string | null, cache: boolean): Loaders {
  return {
    tags: new DataLoader((keys) => services.tags.pages(keys), {
      cache,
      cacheKeyFn: (k) => JSON.stringify(k),
    }),
    actors: new DataLoader(
      async (keys) => {
        const byRepository = await services.actors.forRepositories(keys);
        return keys.map((k) => byRepository.get(k.repository) ?? []);
      },
      { cache, cacheKeyFn: (k) => k.repository },
    ),
    activity: new DataLoader(
      async (keys) => {
        // One query for the widest window asked; narrower windows are its tail.
        const days = Math.max(...keys.map((k) => k.days));
        const names = [...new Set(keys.map((k) => k.repository))];
        const byRepository = await services.activity.forRepositories(names, days);
        return keys.map((k) => (byRepository.get(k.repository) ?? []).slice(days - k.days));
      },
      { cache, cacheKeyFn: (k) => `${k.days}\n${k.repository}` },
    ),
    starred: new DataLoader(
      async (names) => {
        if (user === null) return names.map(() => false);
        const starred = await services.repositories.starredBy(names, user);
        return names.map((name) => starred.has(name));
      },
      { cache },
    ),
    usage: new DataLoader((names) => services.usage.forRepositories(names), { cache }),
    images: new DataLoader((names) => services.images.forRepositories(names), { cache }),
  };
}
