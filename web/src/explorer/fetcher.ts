// GraphiQL's fetcher: queries and mutations over HTTPS POST (JSON, so Apollo's CSRF check passes),
// subscriptions over graphql-ws on the same path. Browsers cannot set headers on WebSockets, so the
// Authorization header from GraphiQL's header editor travels in connectionParams; a new socket is
// opened whenever that header changes.
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { getOperationAST, parse, type ExecutionResult } from "graphql";
import { createClient, type Client } from "graphql-ws";

function socketUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === "authorization" && typeof value === "string") return value;
  return undefined;
}

// GraphiQL's own test for a subscription needs the editor's parsed document in the fetcher options;
// without it a subscription went out as an HTTP POST, where it cannot run. Deciding here from the
// query text itself sends every subscription over the socket.
function isSubscription(query: string, operationName: string | null | undefined): boolean {
  try {
    return getOperationAST(parse(query), operationName ?? undefined)?.operation === "subscription";
  } catch {
    return false; // the server answers a query that does not parse with the reason
  }
}

/** A fetcher for the GraphQL endpoint at `path` on this origin. */
export function createExplorerFetcher(path: string): Fetcher {
  let current: { authorization: string | undefined; client: Client; fetcher: Fetcher } | undefined;
  return (params, options) => {
    const authorization = authorizationOf(options?.headers);
    if (!current || current.authorization !== authorization) {
      current?.client.dispose();
      const client = createClient({
        url: socketUrl(path),
        lazy: true,
        connectionParams: authorization ? { authorization } : {},
      });
      current = { authorization, client, fetcher: createGraphiQLFetcher({ url: path, wsClient: client }) };
    }
    if (isSubscription(params.query, params.operationName)) {
      // GraphiQL only shows the results as JSON: their errors are already formatted, not GraphQLErrors.
      return current.client.iterate({
        query: params.query,
        variables: (params.variables as Record<string, unknown> | null | undefined) ?? undefined,
        operationName: params.operationName ?? undefined,
      }) as unknown as AsyncIterableIterator<ExecutionResult>;
    }
    return current.fetcher(params, options);
  };
}
