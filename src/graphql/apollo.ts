import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { AppContext } from "../app-context";
import type { Logger } from "../logger";
import type { GraphQLContext } from "./context";
import { isInternal, isUnavailable, maskError, UNAVAILABLE_RETRY_AFTER } from "./errors";
import { subscriptionsOverWebSocketOnly } from "./http-subscriptions";
import { complexityPlugin, depthLimit } from "./limits";

/** Creates Apollo for the schema: CSRF prevention on, limits enforced, internal errors masked and logged. */
export function createApollo(schema: GraphQLSchema, app: AppContext): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // drec's own shutdown stops Apollo once in-flight requests are done.
    stopOnTerminationSignals: false,
    logger: app.log,
    validationRules: [depthLimit(app.config.graphql.max_depth)],
    // Caps fragment expansion during validation, before the complexity check sees the operation.
    maxRecursiveSelections: true,
    formatError: (formatted, error) => maskError(formatted, error),
    plugins: [
      complexityPlugin(app.config.graphql.max_complexity),
      subscriptionsOverWebSocketOnly(app.config.graphql.path),
      observe(app),
      // Apollo's own landing page loads its scripts from Apollo's CDN; drec serves its own explorer.
      ApolloServerPluginLandingPageDisabled(),
      // drec sets no cache hints, and the default plugin wraps every field's resolver to collect them
      // (a profile of the repository query showed it among the busiest frames) only to answer
      // "no-store", which observe() now sets once per response.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
}

// Logs internal errors under the request id (the client sees only that id) and counts operations.
function observe(app: AppContext): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          const log: Logger = contextValue?.log ?? app.log;
          for (const error of errors)
            if (isInternal(error))
              log.error(
                { err: error.originalError ?? error, requestId: contextValue?.requestId, path: error.path },
                "GraphQL operation failed",
              );
        },
        async willSendResponse({ operation, errors, response, contextValue }) {
          // Answers can name the viewer and their stars: no cache on the way may keep them.
          response.http.headers.set("cache-control", "no-store");
          // Any field that failed because the database is down makes the whole answer a 503 with
          // Retry-After (the body still carries the data that could be read), so clients back off.
          if (errors?.some(isUnavailable)) {
            response.http.status = 503;
            response.http.headers.set("retry-after", UNAVAILABLE_RETRY_AFTER);
            (contextValue?.log ?? app.log).warn(
              { requestId: contextValue?.requestId },
              "GraphQL operation failed: the database is unavailable",
            );
          }
          // formatError cannot see the request; the masked errors get its id here, for support requests.
          const body = response.body;
          if (body.kind === "single" && body.singleResult.errors && contextValue?.requestId)
            response.body = {
              kind: "single",
              singleResult: {
                ...body.singleResult,
                errors: body.singleResult.errors.map((e) =>
                  e.extensions?.code === "INTERNAL_SERVER_ERROR"
                    ? { ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }
                    : e,
                ),
              },
            };
          app.metrics.graphqlOperations.inc({
            operation: operation?.operation ?? "unknown",
            outcome: errors?.length ? "error" : "ok",
          });
        },
      };
    },
  };
}
