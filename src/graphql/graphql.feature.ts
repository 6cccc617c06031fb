import "reflect-metadata";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { AppContext } from "../app-context";
import { sourceNames } from "../config/source-names";
import type { Feature } from "../feature";
import type { ReadModel } from "../read-model/read-model";
import { createApollo } from "./apollo";
import { createIdentify, headerValue, type Identify } from "./auth";
import { createContext, type GraphQLContext } from "./context";
import { createServices, type Services } from "./services";
import { unauthenticated } from "./errors";
import { buildGraphQLSchema } from "./schema";
import { attachWebSocket, type WebSocketEndpoint } from "./websocket";

interface Runtime {
  cache: ReadModel;
  schema: GraphQLSchema;
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  identify: Identify;
  ws?: WebSocketEndpoint;
}

/**
 * The statistics API: Apollo over HTTPS and graphql-ws on the same path and server. Its state is kept
 * per app: a test may hand one feature object to several apps.
 */
export function createGraphqlFeature(): Feature {
  const runtimes = new WeakMap<AppContext, Runtime>();
  const runtimeOf = (ctx: AppContext): Runtime => {
    const runtime = runtimes.get(ctx);
    if (!runtime) throw new Error("the graphql feature was mounted without prepare()");
    return runtime;
  };
  return {
    name: "graphql",

    async prepare(ctx) {
      const { models } = ctx.db;
      const cache = ctx.readModel;
      // Loads in the background: ingest need not wait; GraphQL lists wait for the first load.
      cache.start();
      try {
        const schema = await buildGraphQLSchema(ctx.updates);
        const apollo = createApollo(schema, ctx);
        await apollo.start();
        runtimes.set(ctx, {
          cache,
          schema,
          apollo,
          services: createServices({
            models,
            cache,
            updates: ctx.updates,
            changes: ctx.changes,
            changeLog: ctx.sync,
            lock: ctx.db.repositoryLock,
            registryAddress: ctx.config.dashboard.registry_address,
            sourceNames: sourceNames(ctx.config.ingest),
          }),
          identify: createIdentify(ctx.config.api),
        });
      } catch (err) {
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
      await runtimes.get(ctx)?.cache.stop();
    },
  };
}
