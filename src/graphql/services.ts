import type { ChangeRecorder, StatsChanges } from "../read-model/change-feed";
import type { ReadModel } from "../read-model/read-model";
import { ActivityService } from "../stats/activity.service";
import { ActorService } from "../stats/actor.service";
import { EventFeedService } from "../stats/event-feed.service";
import { ImageService } from "../stats/image.service";
import { NamespaceService } from "../stats/namespace.service";
import { RegistryService } from "../stats/registry.service";
import type { Updates } from "../stats/repository-updated-bus";
import { RepositoryService } from "../stats/repository.service";
import { StaleImageService } from "../stats/stale-images.service";
import { StarService } from "../stats/star.service";
import { TagService } from "../stats/tag.service";
import { UsageService } from "../stats/usage.service";
import { UserActivityService } from "../stats/user-activity.service";
import type { Models } from "../store/models/create-models";
import type { KeyedLock } from "../store/repository-lock";

/** The data layer resolvers call; one set per app. */
export interface Services {
  repositories: RepositoryService;
  tags: TagService;
  actors: ActorService;
  activity: ActivityService;
  stars: StarService;
  registry: RegistryService;
  usage: UsageService;
  images: ImageService;
  staleImages: StaleImageService;
  namespaces: NamespaceService;
  events: EventFeedService;
  users: UserActivityService;
}

/** What the services read and publish to. */
export interface ServiceDeps {
  models: Models;
  /** The started read model lists, counts and tag pages come from. */
  cache: ReadModel;
  /** REPOSITORY_UPDATED for subscriptions. */
  updates: Updates;
  /** What changed in the statistics, for read models (the cache listens). */
  changes: StatsChanges;
  /** The change log other drec processes follow (ctx.sync); absent: stars are not logged. */
  changeLog?: ChangeRecorder;
  /** The database's per-repository write lock, shared with ingest (Database.repositoryLock). */
  lock: KeyedLock;
  /** The registry's public host[:port] (dashboard.registry_address); empty or absent: unknown. */
  registryAddress?: string;
  /** The ingest sources (config/source-names.ts); ["default"] when absent. */
  sourceNames?: string[];
}

/** Creates the services on an app's models and read model; stars publish to its buses. */
export function createServices({
  models,
  cache,
  updates,
  changes,
  changeLog,
  lock,
  registryAddress,
  sourceNames,
}: ServiceDeps): Services {
  return {
    repositories: new RepositoryService(models.repositories, cache),
    tags: new TagService(models.tags, cache),
    actors: new ActorService(models.actors),
    activity: new ActivityService(models.daily),
    stars: new StarService(models.repositories, cache, updates, changes, lock, changeLog),
    registry: new RegistryService(cache, registryAddress, sourceNames),
    usage: new UsageService(models.repositories, cache),
    images: new ImageService(models.digests, models.tags),
    staleImages: new StaleImageService(models.digests, models.tags),
    namespaces: new NamespaceService(cache, models.daily),
    events: new EventFeedService(models.events),
    users: new UserActivityService(models.actors),
  };
}
