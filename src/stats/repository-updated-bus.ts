import { createPubSub, type PubSub } from "@graphql-yoga/subscription";

/** Topics published inside one drec process. */
export type UpdateTopics = {
  /** A repository's statistics or stars changed; the payload is its name. */
  REPOSITORY_UPDATED: [string];
};

/** The in-process bus ingest and stars publish to and GraphQL subscriptions listen on. */
export type Updates = PubSub<UpdateTopics>;

/** Creates the bus; type-graphql takes the same object as its pubSub. */
export const createUpdates = (): Updates => createPubSub<UpdateTopics>();
