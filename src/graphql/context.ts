import type { Logger } from "../logger";
import { createLoaders, type Loaders } from "./loaders";
import type { Services } from "./services";

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
