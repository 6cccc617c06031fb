// GraphiQL's fetcher: queries and mutations over HTTPS POST (JSON, so Apollo's CSRF check passes),
// subscriptions over graphql-ws on the same path. Browsers cannot set headers on WebSockets, so the
// Authorization header from GraphiQL's header editor travels in connectionParams; a new socket is
// opened whenever that header changes.
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
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
    return current.fetcher(params, options);
  };
}
