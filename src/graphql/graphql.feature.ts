import "reflect-metadata";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { AppContext } from "../app-context";
import type { Feature } from "../feature";
import { RepositoryCache } from "../read-model/read-model";
import { SnapshotStore, SNAPSHOTS_COLLECTION } from "../read-model/snapshot-store";
import { WarmStart } from "../read-model/warm-start";
import { createApollo } from "./apollo";
import { createIdentify, headerValue, type Identify } from "./auth";
import { createContext, type GraphQLContext } from "./context";
import { createServices, type Services } from "./services";
import { unauthenticated } from "./errors";
import { buildGraphQLSchema } from "./schema";
import { attachWebSocket, type WebSocketEndpoint } from "./websocket";

interface Runtime {
  cache: RepositoryCache;
  warm: WarmStart;
  schema: GraphQLSchema;
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  identify: Identify;
  ws?: WebSocketEndpoint;
}

// Features are shared objects (src/default-features.ts) and one process may run several apps (tests).
const runtimes = new WeakMap<AppContext, Runtime>();

function runtimeOf(ctx: AppContext): Runtime {
  const runtime = runtimes.get(ctx);
  if (!runtime) throw new Error("the graphql feature was mounted without prepare()");
  return runtime;
}

/** The app's repository read model (lists, counts, tag names in memory), once prepared. */
export function repositoryCacheOf(ctx: AppContext): RepositoryCache | undefined {
  return runtimes.get(ctx)?.cache;
}

/** The statistics API: Apollo over HTTPS and graphql-ws on the same path and server. */
export const graphqlFeature: Feature = {
  name: "graphql",

  async prepare(ctx) {
    const { models, repositoryIds } = ctx.db;
    const warm = new WarmStart({
      store: new SnapshotStore(ctx.db.connection.db!.collection(SNAPSHOTS_COLLECTION)),
      sync: ctx.sync,
      log: ctx.log,
      intervalMs: ctx.config.graphql.read_model_snapshot_seconds * 1000,
    });
    const cache = new RepositoryCache({
      repositories: models.repositories,
      tags: models.tags,
      changes: ctx.changes,
      log: ctx.log,
      reloadIntervalMs: ctx.config.graphql.read_model_reload_seconds * 1000,
      idOf: (name) => repositoryIds.idOf(name),
      warm,
      learnIds: (ids) => repositoryIds.learn(ids),
    });
    // Entries pruned before this process read them: what they changed is found by reading everything.
    ctx.sync.onLost(() => void cache.reload().catch(() => undefined));
    // Loads in the background: ingest need not wait; GraphQL lists wait for the first load.
    cache.start();
    warm.start(cache);
    try {
      const schema = await buildGraphQLSchema(ctx.updates);
      const apollo = createApollo(schema, ctx);
      await apollo.start();
      runtimes.set(ctx, {
        cache,
        warm,
        schema,
        apollo,
        services: createServices({
          models,
          cache,
          updates: ctx.updates,
          changes: ctx.changes,
          registryAddress: ctx.config.dashboard.registry_address,
        }),
        identify: createIdentify(ctx.config.api),
      });
    } catch (err) {
      await warm.stop(undefined);
      await cache.stop();
      throw err;
    }
  },

  mount(app, ctx) {
    const { apollo, services, identify } = runtimeOf(ctx);
    const { api } = ctx.config;
    app.use(
      ctx.config.graphql.path,
      express.json({ limit: "100kb" }),
      expressMiddleware(apollo, {
        context: async ({ req }) => {
          const user = identify({
            authorization: req.headers.authorization,
            trustedUser: headerValue(req.headers, api.trusted_user_header),
          });
          if (user === null && api.require_auth_for_reads)
            throw unauthenticated(
              "this drec requires authentication; send Authorization: Bearer <token>",
              401,
            );
          return createContext({ services, user, requestId: String(req.id), log: req.log });
        },
      }),
    );
  },

  start(ctx, server) {
    const runtime = runtimeOf(ctx);
    runtime.ws = attachWebSocket(server, runtime.schema, runtime.services, runtime.identify, ctx);
    // Apollo stops after the last in-flight request, when the server has fully closed.
    server.once("close", () => void runtime.apollo.stop());
  },

  async drain(ctx) {
    await runtimes.get(ctx)?.ws?.close();
  },

  async stop(ctx) {
    const runtime = runtimes.get(ctx);
    // The last snapshot first, while the model still follows the changes.
    await runtime?.warm.stop(runtime.cache);
    await runtime?.cache.stop();
  },
};
