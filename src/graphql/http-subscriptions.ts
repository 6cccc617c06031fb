import type { ApolloServerPlugin } from "@apollo/server";
import { graphqlError } from "./errors";

/**
 * Refuses subscriptions sent over HTTP with a 400 that says where they run. Apollo would execute one
 * like a query: the field resolves once with no event behind it and fails confusingly (e.g. NOT_FOUND
 * "repository undefined is gone").
 */
export function subscriptionsOverWebSocketOnly<T extends object>(path: string): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === "subscription")
            throw graphqlError(
              "BAD_REQUEST",
              `subscriptions run over graphql-ws (a WebSocket) at ${path}, not over HTTP`,
              400,
            );
        },
      };
    },
  };
}
