import type { Logger } from "../logger";
import { ActivityService } from "../stats/activity.service";
import { ActorService } from "../stats/actor.service";
import type { StatsChanges } from "../stats/changes";
import type { Models } from "../stats/models";
import { ImageService } from "../stats/image.service";
import { EventFeedService } from "../stats/event-feed.service";
import { NamespaceService } from "../stats/namespace.service";
import { RegistryService } from "../stats/registry.service";
import type { RepositoryCache } from "../stats/repository-cache";
import { RepositoryService } from "../stats/repository.service";
import { StaleImageService } from "../stats/stale-images.service";
import { StarService } from "../stats/star.service";
import { TagService } from "../stats/tag.service";
import type { Updates } from "../stats/updates";
import { UsageService } from "../stats/usage.service";
import { UserActivityService } from "../stats/user-activity.service";
import { createLoaders, type Loaders } from "./loaders";

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
  cache: RepositoryCache;
  /** REPOSITORY_UPDATED for subscriptions. */
  updates: Updates;
  /** What changed in the statistics, for read models (the cache listens). */
  changes: StatsChanges;
  /** The registry's public host[:port] (dashboard.registry_address); empty or absent: unknown. */
  registryAddress?: string;
}

/** Creates the services on an app's models and read model; stars publish to its buses. */
export function createServices({ models, cache, updates, changes, registryAddress }: ServiceDeps): Services {
  return {
    repositories: new RepositoryService(models.repositories, cache),
    tags: new TagService(models.tags, cache),
    actors: new ActorService(models.actors),
    activity: new ActivityService(models.daily),
    stars: new StarService(models.repositories, cache, updates, changes),
    registry: new RegistryService(cache, registryAddress),
    usage: new UsageService(models.repositories, cache),
    images: new ImageService(models.digests, models.tags),
    staleImages: new StaleImageService(models.digests, models.tags),
    namespaces: new NamespaceService(cache, models.daily),
    events: new EventFeedService(models.events),
    users: new UserActivityService(models.actors),
  };
}

/** What every resolver gets: the caller, the services and this operation's batch loaders. */
export interface GraphQLContext {
  user: string | null;
  services: Services;
  loaders: Loaders;
  requestId: string;
  log: Logger;
}

/** Options of one operation's context. */
export interface ContextOptions {
  services: Services;
  user: string | null;
  requestId: string;
  log: Logger;
  /** Cache loads for the whole context; off for subscriptions, whose context outlives one result. */
  cache?: boolean;
}

/** Creates a context with fresh loaders, so nothing is cached across requests. */
export function createContext(options: ContextOptions): GraphQLContext {
  const { services, user, requestId, log } = options;
  return { user, services, requestId, log, loaders: createLoaders(services, user, options.cache ?? true) };
}
