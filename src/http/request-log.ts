// What the request log keeps of a request. A query string can carry secrets (a registry configured with
// `?token=` by mistake, an API client putting a token into a GraphQL GET), so only the path is logged.

/** The request as pino's standard serializer gives it, with the parts that can hold a query string. */
interface SerializedRequest {
  url?: string;
  query?: unknown;
  [key: string]: unknown;
}

/** The serialized request without its query string: `url` cut at "?", `query` dropped. */
export function withoutQuery(req: SerializedRequest): SerializedRequest {
  const rest = { ...req };
  delete rest.query;
  if (typeof rest.url === "string") rest.url = rest.url.split("?", 1)[0];
  return rest;
}
